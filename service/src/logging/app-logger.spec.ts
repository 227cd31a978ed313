import { context, trace, TraceFlags } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import assert from 'node:assert/strict';
import { afterAll, describe, it } from '@jest/globals';
import { AppLogger } from './app-logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = new AppLogger('debug', { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe('AppLogger', () => {
  const provider = new NodeTracerProvider();
  provider.register();
  afterAll(() => provider.shutdown());

  it('writes one JSON object per line with level, service, context and message', () => {
    const { logger, lines } = capture();

    logger.warn('model warmed', 'IrisModel');

    assert.equal(lines.length, 1);
    const { time, ...rest } = lines[0];
    assert.equal(typeof time, 'string');
    assert.deepEqual(rest, {
      level: 'warn',
      service: 'iris-service',
      context: 'IrisModel',
      msg: 'model warmed',
    });
  });

  it('carries trace_id and span_id of the active span', () => {
    const { logger, lines } = capture();
    const span = provider.getTracer('test').startSpan('request');

    context.with(trace.setSpan(context.active(), span), () => logger.log('inside a span'));
    logger.log('outside any span');
    span.end();

    assert.equal(lines[0].trace_id, span.spanContext().traceId);
    assert.equal(lines[0].span_id, span.spanContext().spanId);
    assert.equal(lines[0].trace_flags, '01');
    assert.deepEqual(
      [lines[1].trace_id, lines[1].span_id, lines[1].trace_flags],
      [undefined, undefined, undefined],
    );
  });

  it('marks the ids of a trace that is not sampled (not exported) with trace_flags 00', () => {
    const { logger, lines } = capture();
    const unsampled = trace.wrapSpanContext({
      traceId: 'a'.repeat(32),
      spanId: 'b'.repeat(16),
      traceFlags: TraceFlags.NONE,
    });

    context.with(trace.setSpan(context.active(), unsampled), () => logger.log('not sampled'));

    assert.deepEqual(
      [lines[0].trace_id, lines[0].span_id, lines[0].trace_flags],
      ['a'.repeat(32), 'b'.repeat(16), '00'],
    );
  });

  it('keeps Nest error stacks and respects the level', () => {
    const { logger, lines } = capture();

    logger.error('boom', 'Error: boom\n    at x', 'ErrorResponseFilter');
    logger.setLevel('error');
    logger.warn('dropped');

    assert.equal(lines.length, 1);
    assert.deepEqual(
      { level: lines[0].level, context: lines[0].context, details: lines[0].details, msg: lines[0].msg },
      { level: 'error', context: 'ErrorResponseFilter', details: ['Error: boom\n    at x'], msg: 'boom' },
    );
  });
});
