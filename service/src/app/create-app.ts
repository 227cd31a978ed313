import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Server } from 'node:http';
import { AppConfig } from '../config/app-config';
import { registerJsonBodyParser } from '../http/json-body.parser';
import { registerDrainHooks } from '../lifecycle/drain.hooks';
import { ShutdownState } from '../lifecycle/shutdown-state.service';
import { AppLogger } from '../logging/app-logger';
import { registerHttpMetricsHooks } from '../metrics/http-metrics.hooks';
import { MetricsService } from '../metrics/metrics.service';
import { AppModule } from './app.module';

export interface CreateAppOptions {
  /** Entries that override process.env (tests); config/ validates them like real variables. */
  env?: Record<string, string>;
  logger?: AppLogger;
}

/** Builds the app (not yet initialised or listening); main and the e2e tests share it. */
export async function createApp({ env = {}, logger = new AppLogger() }: CreateAppOptions = {}) {
  // logger: false while building: a startup failure is reported once, by the caller, as one clear line.
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(env), new FastifyAdapter(), {
    bodyParser: false,
    logger: false,
    abortOnError: false,
  });
  const config = app.get(AppConfig);
  logger.setLevel(config.logLevel);
  app.useLogger(logger);

  const fastify = app.getHttpAdapter().getInstance();
  registerJsonBodyParser(fastify, config.bodyLimitBytes);
  registerHttpMetricsHooks(fastify, app.get(MetricsService));
  registerDrainHooks(fastify, app.get(ShutdownState));
  applyServerTimeouts(app.getHttpServer(), config);
  return app;
}

function applyServerTimeouts(server: Server, config: AppConfig): void {
  server.keepAliveTimeout = config.keepAliveTimeoutMs;
  server.headersTimeout = config.headersTimeoutMs;
  server.maxRequestsPerSocket = config.maxRequestsPerSocket;
}
