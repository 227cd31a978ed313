import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TracingShutdownHook } from '../telemetry/tracing-shutdown.hook';
import { ShutdownHealthIndicator } from './shutdown.health';
import { ShutdownState } from './shutdown-state.service';
import { NodeProcessUptime, ProcessUptime, StartupDelayHealthIndicator } from './startup-delay.health';

@Module({
  imports: [TerminusModule],
  // TracingShutdownHook exports the queued spans after the server closed (last shutdown step).
  providers: [
    ShutdownState,
    ShutdownHealthIndicator,
    TracingShutdownHook,
    StartupDelayHealthIndicator,
    { provide: ProcessUptime, useClass: NodeProcessUptime },
  ],
  exports: [ShutdownState, ShutdownHealthIndicator, StartupDelayHealthIndicator],
})
export class LifecycleModule {}
