import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test, TestingModule } from '@nestjs/testing';
import { AppModule } from '../../src/app/app.module';
import { APP_OPTIONS, configureApp, createFastifyAdapter } from '../../src/app/create-app';

export type TestApp = NestFastifyApplication;

/**
 * The real app, initialised (model loaded and warmed) but not listening: requests go through app.inject. Built
 * the NestJS testing way (a TestingModule, where a spec could override a provider), wired by the same
 * configureApp as main, so the tests exercise the hooks and timeouts production runs with.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(env)] }).compile();
  return initialised(configureApp(appOf(moduleRef)));
}

/** A compiled TestingModule as a Fastify app like the service's (adapter, options); not yet initialised. */
export function appOf(moduleRef: TestingModule): TestApp {
  return moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(), APP_OPTIONS);
}

/** Initialises the app (lifecycle hooks, routes) and its Fastify instance, so app.inject can be used. */
export async function initialised(app: TestApp): Promise<TestApp> {
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

export async function postJson(app: TestApp, url: string, body: unknown) {
  return app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
}
