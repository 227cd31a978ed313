import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { FaultHealthIndicator } from './fault.health';
import { FaultState } from './fault-state.service';
import { FaultsController } from './faults.controller';

/**
 * FaultState is always there (inert: readiness, inference and the request hook ask it); the endpoint that
 * starts faults exists only when `enabled` (IRIS_FAULTS_ENABLED=true).
 */
@Module({})
export class FaultsModule {
  static forRoot(enabled: boolean): DynamicModule {
    return {
      module: FaultsModule,
      global: true,
      imports: [TerminusModule],
      controllers: enabled ? [FaultsController] : [],
      providers: [FaultState, FaultHealthIndicator],
      exports: [FaultState, FaultHealthIndicator],
    };
  }
}
