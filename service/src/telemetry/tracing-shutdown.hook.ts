import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { shutdownTracing } from './tracing-lifecycle';

/** Last step of the graceful shutdown (after the server closed): export the spans still queued. */
@Injectable()
export class TracingShutdownHook implements OnApplicationShutdown {
  onApplicationShutdown(): Promise<void> {
    return shutdownTracing();
  }
}
