import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ShutdownHealthIndicator } from './shutdown.health';
import { ShutdownState } from './shutdown-state.service';

@Module({
  imports: [TerminusModule],
  providers: [ShutdownState, ShutdownHealthIndicator],
  exports: [ShutdownState, ShutdownHealthIndicator],
})
export class LifecycleModule {}
