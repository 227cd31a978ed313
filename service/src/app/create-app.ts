import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Server } from 'node:http';
import { AppConfig } from '../config/app-config';
import { registerJsonBodyParser } from '../http/json-body.parser';
import { registerDrainHooks } from '../lifecycle/drain.hooks';
import { ShutdownState } from '../lifecycle/shutdown-state.service';
import { registerHttpMetricsHooks } from '../metrics/http-metrics.hooks';
import { MetricsService } from '../metrics/metrics.service';
import { registerSpanRouteHook } from '../telemetry/span-route.hooks';
import { AppModule } from './app.module';

/**
 * Builds the app (not yet initialised or listening); main and the e2e tests share it. `env` entries override
 * process.env (tests); config/ validates them like real variables. Nest logs nothing until the caller hands it a
 * logger (app.useLogger), so a startup failure is reported once, by the caller, as one clear line.
 */
export async function createApp(env: Record<string, string> = {}) {
  // skipMiddie: no Nest middleware here, so no per-request middie hook either. ignoreTrailingSlash: clients of
  // the reports' stack call `POST /predict/` (FastAPI redirects it); the router matches it to the `/predict` route,
  // so metrics and logs still label it with the registered pattern.
  const adapter = new FastifyAdapter({ skipMiddie: true, routerOptions: { ignoreTrailingSlash: true } });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(env), adapter, {
    bodyParser: false,
    logger: false,
    abortOnError: false,
  });
  const config = app.get(AppConfig);

  const fastify = app.getHttpAdapter().getInstance();
  registerJsonBodyParser(fastify, config.bodyLimitBytes);
  registerHttpMetricsHooks(fastify, app.get(MetricsService));
  registerSpanRouteHook(fastify);
  registerDrainHooks(fastify, app.get(ShutdownState));
  applyServerTimeouts(app.getHttpServer(), config);
  return app;
}

function applyServerTimeouts(server: Server, config: AppConfig): void {
  server.keepAliveTimeout = config.keepAliveTimeoutMs;
  server.headersTimeout = config.headersTimeoutMs;
  server.maxRequestsPerSocket = config.maxRequestsPerSocket;
}
