import { ArgumentsHost, Logger, NotFoundException } from '@nestjs/common';
import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { StackContextManager } from '@opentelemetry/sdk-trace';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import assert from 'node:assert/strict';
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import type { AppConfig } from '../config/app-config';
import { AppLogger } from '../logging/app-logger';
import { rememberRequestContext } from '../telemetry/request-context';
import { ErrorResponseFilter } from './error-response.filter';
import { RequestRejectedException } from './request-rejected.exception';

const CONFIG = { bodyLimitBytes: 65536 } as AppConfig;

/** A request traced as the HTTP instrumentation does (its context remembered on the request), then the filter run
 * outside any context, as after the handler's awaits; returns the lines it logged. */
function catchInSpan(provider: NodeTracerProvider, exception: unknown) {
  const lines: Record<string, unknown>[] = [];
  Logger.overrideLogger(new AppLogger('info', { write: (line: string) => lines.push(JSON.parse(line)) }));
  const reply = { sent: false, status: () => reply, send: () => reply };
  const raw = new IncomingMessage(new Socket());
  const host = {
    switchToHttp: () => ({
      getRequest: () => ({ url: '/predict', headers: {}, raw }),
      getResponse: () => reply,
    }),
  } as unknown as ArgumentsHost;
  const span = provider.getTracer('test').startSpan('POST');
  context.with(trace.setSpan(ROOT_CONTEXT, span), () => rememberRequestContext(raw));
  new ErrorResponseFilter(CONFIG).catch(exception, host);
  span.end();
  return { lines, ids: { trace_id: span.spanContext().traceId, span_id: span.spanContext().spanId } };
}

describe('ErrorResponseFilter logging', () => {
  const provider = new NodeTracerProvider();
  beforeAll(() => provider.register({ contextManager: new StackContextManager() }));
  afterAll(async () => {
    Logger.overrideLogger(false);
    await provider.shutdown();
  });

  it('logs a validation rejection at warn, with the broken rules and the request span ids', () => {
    const rejection = RequestRejectedException.of(
      'sepal_length',
      'isFinite',
      'sepal_length must be a number',
    );

    const { lines, ids } = catchInSpan(provider, rejection);

    assert.equal(lines.length, 1);
    const { level, context: source, msg, details, trace_id, span_id } = lines[0];
    assert.deepEqual(
      { level, source, msg, details, trace_id, span_id },
      {
        level: 'warn',
        source: 'ErrorResponseFilter',
        msg: `400 ${rejection.message}`,
        details: [{ field: 'sepal_length', rule: 'isFinite', message: 'sepal_length must be a number' }],
        ...ids,
      },
    );
  });

  it('logs other 4xx answers at warn too', () => {
    const { lines } = catchInSpan(provider, new NotFoundException('Cannot GET /nowhere'));

    assert.deepEqual([lines[0].level, lines[0].msg], ['warn', '404 Cannot GET /nowhere']);
  });

  it('logs an unexpected error at error, with its stack and the request span ids', () => {
    const { lines, ids } = catchInSpan(provider, new Error('boom'));

    assert.equal(lines.length, 1);
    assert.deepEqual(
      { level: lines[0].level, trace_id: lines[0].trace_id, span_id: lines[0].span_id },
      {
        level: 'error',
        ...ids,
      },
    );
    assert.match(String(lines[0].msg), /^Error: boom\n {4}at /);
  });
});
