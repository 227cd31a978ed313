import { createApp } from './app/create-app';
import { AppConfig, ConfigValidationError } from './config/app-config';
import { ModelLoadError } from './inference/model-load.error';
import { AppLogger } from './logging/app-logger';
import { markStartup, startupPhasesMs } from './lifecycle/startup-phases';
import { registerRequestLogHooks } from './logging/request-log.hooks';

/** Starts the service; any startup failure ends the process with one clear log line and exit code 1. */
export async function bootstrap(): Promise<void> {
  markStartup('modules-loaded');
  const logger = new AppLogger();
  try {
    const app = await createApp();
    app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
    const { port, host, logLevel } = app.get(AppConfig);
    logger.setLevel(logLevel);
    registerRequestLogHooks(app.getHttpAdapter().getInstance(), logger.pino);
    await app.listen({ port, host });
    markStartup('listening');
    app.useLogger(logger);
    logger.pino.info(
      { context: 'Bootstrap', startup_ms: startupPhasesMs() },
      `listening on ${await app.getUrl()}`,
    );
  } catch (error) {
    const expected = error instanceof ConfigValidationError || error instanceof ModelLoadError;
    logger.fatal(
      `startup failed: ${(error as Error).message}`,
      ...(expected ? [] : [(error as Error).stack]),
      'Bootstrap',
    );
    process.exit(1);
  }
}
