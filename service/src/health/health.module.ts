import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AppConfig } from '../config/app-config';
import { InferenceModule } from '../inference/inference.module';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { HealthController } from './health.controller';

@Module({
  imports: [
    // The drain window: after SIGTERM Terminus keeps the app serving (readiness 503) before the server closes.
    TerminusModule.forRootAsync({
      useFactory: (config: AppConfig) => ({ gracefulShutdownTimeoutMs: config.drainWindowMs }),
      inject: [AppConfig],
    }),
    InferenceModule,
    LifecycleModule,
  ],
  controllers: [HealthController],
})
export class HealthModule {}
