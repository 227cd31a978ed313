import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { shutdownTracing, TRACING_SHUTDOWN_TIMEOUT_MS } from './tracing-lifecycle';

/** Last step of the graceful shutdown (after the drain window and server close): export the queued spans,
 * bounded by what is left of SHUTDOWN_GRACE_MS so the process still exits in time with the collector down. */
@Injectable()
export class TracingShutdownHook implements OnApplicationShutdown {
  constructor(private readonly config: AppConfig) {}

  onApplicationShutdown(): Promise<void> {
    const leftAfterDrain = this.config.shutdownGraceMs - this.config.drainWindowMs;
    return shutdownTracing(Math.min(TRACING_SHUTDOWN_TIMEOUT_MS, leftAfterDrain));
  }
}
