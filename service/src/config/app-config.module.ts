import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { AppConfig, parseAppConfig } from './app-config';

// Nested under one key: ConfigModule copies top-level primitive values of the validated result into process.env.
const VALIDATED_KEY = 'iris';

/** The only reader of process.env (through ConfigModule); `overrides` lets tests set variables in-process. */
@Module({})
export class AppConfigModule {
  static async forRoot(overrides: Record<string, string> = {}): Promise<DynamicModule> {
    const configModule = await ConfigModule.forRoot({
      ignoreEnvFile: true,
      validate: (env) => ({ [VALIDATED_KEY]: parseAppConfig({ ...env, ...overrides }) }),
    });
    return {
      module: AppConfigModule,
      global: true,
      imports: [configModule],
      providers: [
        {
          provide: AppConfig,
          useFactory: (config: ConfigService) => config.getOrThrow<AppConfig>(VALIDATED_KEY),
          inject: [ConfigService],
        },
      ],
      exports: [AppConfig],
    };
  }
}
