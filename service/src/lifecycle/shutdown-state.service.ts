import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import { AppConfig } from '../config/app-config';

/**
 * Shutdown on SIGTERM (Nest: destroy hooks → Terminus waits the drain window → server close → exit 0):
 * readiness turns 503 at once, idle keep-alive connections close now and busy ones after their next
 * response (Connection: close); at SHUTDOWN_GRACE_MS connections still open are cut so the process exits in time.
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
    server.closeIdleConnections();
    setTimeout(() => this.cutConnections(server), this.config.shutdownGraceMs).unref();
  }

  private cutConnections(server: Server): void {
    this.logger.warn(
      `grace period of ${this.config.shutdownGraceMs} ms over: closing the connections still open`,
    );
    server.closeAllConnections();
  }
}
