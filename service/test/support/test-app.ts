import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app/create-app';

export type TestApp = NestFastifyApplication;

/** The real app, initialised (model loaded and warmed) but not listening: requests go through app.inject. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const app = await createApp(env);
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
