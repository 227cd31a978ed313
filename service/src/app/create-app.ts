import 'reflect-metadata';
import type { NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Server } from 'node:http';
import { AppConfig } from '../config/app-config';
import { registerJsonBodyParser } from '../http/json-body.parser';
import { registerFaultHooks } from '../faults/fault.hooks';
import { FaultState } from '../faults/fault-state.service';
import { registerDrainHooks } from '../lifecycle/drain.hooks';
import { ShutdownState } from '../lifecycle/shutdown-state.service';
import { registerHttpMetricsHooks } from '../metrics/http-metrics.hooks';
import { MetricsService } from '../metrics/metrics.service';
import { registerSpanRouteHook } from '../telemetry/span-route.hooks';
import { AppModule } from './app.module';

/**
 * Builds the app (not yet initialised or listening) for main. `env` entries override process.env (tests);
 * config/ validates them like real variables. Nest logs nothing until the caller hands it a logger
 * (app.useLogger), so a startup failure is reported once, by the caller, as one clear line.
 */
export async function createApp(env: Record<string, string> = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(env),
    createFastifyAdapter(),
    APP_OPTIONS,
  );
  return configureApp(app);
}

/**
 * The Nest application options every build of the app uses (main's NestFactory and the tests' TestingModule):
 * the JSON body parser is ours (registerJsonBodyParser), and Nest stays silent until the caller sets a logger.
 */
export const APP_OPTIONS: NestApplicationOptions = { bodyParser: false, logger: false, abortOnError: false };

/**
 * skipMiddie: no Nest middleware here, so no per-request middie hook either. ignoreTrailingSlash: clients of the
 * reports' stack call `POST /predict/` (FastAPI redirects it); the router matches it to the `/predict` route, so
 * metrics and logs still label it with the registered pattern.
 */
export function createFastifyAdapter(): FastifyAdapter {
  return new FastifyAdapter({ skipMiddie: true, routerOptions: { ignoreTrailingSlash: true } });
}

/**
 * The one place that wires Fastify around the Nest app (body parser, metrics and drain hooks, server timeouts),
 * whoever built it: main through {@link createApp}, the e2e tests through @nestjs/testing's TestingModule.
 */
export function configureApp(app: NestFastifyApplication): NestFastifyApplication {
  const config = app.get(AppConfig);
  const fastify = app.getHttpAdapter().getInstance();
  registerJsonBodyParser(fastify, config.bodyLimitBytes);
  registerHttpMetricsHooks(fastify, app.get(MetricsService));
  registerSpanRouteHook(fastify);
  registerDrainHooks(fastify, app.get(ShutdownState));
  registerFaultHooks(fastify, app.get(FaultState));
  applyServerTimeouts(app.getHttpServer(), config);
  return app;
}

function applyServerTimeouts(server: Server, config: AppConfig): void {
  server.keepAliveTimeout = config.keepAliveTimeoutMs;
  server.headersTimeout = config.headersTimeoutMs;
  server.maxRequestsPerSocket = config.maxRequestsPerSocket;
}
