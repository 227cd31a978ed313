import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import { AppConfig } from '../config/app-config';

/**
 * Shutdown on SIGTERM (Nest: destroy hooks → Terminus waits the drain window → server close → exit 0):
 * readiness turns 503 at once and every response asks its client to reconnect (Connection: close); when the
 * server closes, idle keep-alive connections are closed (Fastify forceCloseConnections 'idle'), in-flight requests
 * finish, and at SHUTDOWN_GRACE_MS connections still open are cut so the process exits in time.
 * Idle connections are not closed at SIGTERM itself: a request already in the socket but not yet read (event loop
 * busy) would count as idle and be reset.
 */
@Injectable()
export class ShutdownState implements OnModuleDestroy {
  private readonly logger = new Logger(ShutdownState.name);
  private drainingSince?: number;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: AppConfig,
  ) {}

  get isDraining(): boolean {
    return this.drainingSince !== undefined;
  }

  onModuleDestroy(): void {
    this.drainingSince = Date.now();
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server?.listening) return;
    this.logger.log(
      `draining: readiness 503, serving ${this.config.drainWindowMs} ms more, exiting within ${this.config.shutdownGraceMs} ms`,
    );
    setTimeout(() => this.cutConnections(server), this.config.shutdownGraceMs).unref();
  }

  private cutConnections(server: Server): void {
    this.logger.warn(
      `grace period of ${this.config.shutdownGraceMs} ms over: closing the connections still open`,
    );
    server.closeAllConnections();
  }
}
