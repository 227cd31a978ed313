import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AppConfigModule } from '../config/app-config.module';
import { HealthModule } from '../health/health.module';
import { DtoValidationPipe } from '../http/dto-validation.pipe';
import { ErrorResponseFilter } from '../http/error-response.filter';
import { InferenceModule } from '../inference/inference.module';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { MetricsModule } from '../metrics/metrics.module';
import { V2Module } from '../v2/v2.module';
import { ENVIRONMENT_RULES } from '../config/environment.rules';
import { FaultsModule } from '../faults/faults.module';
import { AppController } from './app.controller';

@Module({})
export class AppModule {
  /** `env` overrides process.env entries (tests); validation and defaults stay in config/. */
  static forRoot(env: Record<string, string> = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(env),
        // Decided while the module is composed (routes cannot be added later); AppConfig validates the same value.
        FaultsModule.forRoot(faultsEnabled(env)),
        MetricsModule,
        InferenceModule,
        LifecycleModule,
        HealthModule,
        V2Module,
      ],
      controllers: [AppController],
      providers: [
        { provide: APP_PIPE, useClass: DtoValidationPipe },
        { provide: APP_FILTER, useClass: ErrorResponseFilter },
      ],
    };
  }
}

/** IRIS_FAULTS_ENABLED as AppConfig will read it (an override, else the process environment, else the default). */
function faultsEnabled(env: Record<string, string>): boolean {
  const rule = ENVIRONMENT_RULES.IRIS_FAULTS_ENABLED;
  return rule.parse(env.IRIS_FAULTS_ENABLED ?? process.env.IRIS_FAULTS_ENABLED ?? rule.default) === true;
}
