import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { PipelinedSpanExporter } from './pipelined-span-exporter';

/** An exporter whose exports finish when the test says so, in any order. */
function manualExporter() {
  const pending: Array<(result: ExportResult) => void> = [];
  const calls: { flushed: number; shutDown: number } = { flushed: 0, shutDown: 0 };
  const exporter: SpanExporter = {
    export: (_spans, callback) => void pending.push(callback),
    forceFlush: async () => void calls.flushed++,
    shutdown: async () => void calls.shutDown++,
  };
  const finish = (index: number, code = ExportResultCode.SUCCESS) => pending[index]({ code });
  return { exporter, pending, calls, finish };
}

const batch = (size: number) => new Array<ReadableSpan>(size);
const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('PipelinedSpanExporter', () => {
  it('acknowledges exports while fewer than the limit are in flight, then holds one back until a slot frees', () => {
    const { exporter, pending, finish } = manualExporter();
    const pipelined = new PipelinedSpanExporter(exporter, 2);
    const acks: ExportResult[] = [];

    pipelined.export(batch(3), (result) => acks.push(result));
    assert.deepEqual(acks, [{ code: ExportResultCode.SUCCESS }], 'one in flight: acknowledged at once');
    pipelined.export(batch(3), (result) => acks.push(result));
    assert.equal(acks.length, 1, 'two in flight: the processor waits');
    assert.equal(pending.length, 2, 'both batches were handed to the wrapped exporter');

    finish(1, ExportResultCode.FAILED); // the wrapped exporter counts the failure; the slot frees either way
    assert.equal(acks.length, 2);
    assert.deepEqual(acks[1], { code: ExportResultCode.SUCCESS });
  });

  it('with one slot, acknowledges each export only when it is done, like the bare exporter', () => {
    const { exporter, finish } = manualExporter();
    const pipelined = new PipelinedSpanExporter(exporter, 1);
    let acks = 0;
    pipelined.export(batch(1), () => acks++);
    assert.equal(acks, 0);
    finish(0);
    assert.equal(acks, 1);
  });

  it('forceFlush and shutdown wait for every export in flight, then reach the wrapped exporter', async () => {
    const { exporter, calls, finish } = manualExporter();
    const pipelined = new PipelinedSpanExporter(exporter, 4);
    pipelined.export(batch(2), () => undefined);
    pipelined.export(batch(2), () => undefined);

    let flushed = false;
    const flushing = pipelined.forceFlush().then(() => (flushed = true));
    finish(0);
    await settled();
    assert.equal(flushed, false, 'one export still in flight');
    finish(1);
    await flushing;
    assert.equal(calls.flushed, 1);

    pipelined.export(batch(1), () => undefined);
    let shutDown = false;
    const shuttingDown = pipelined.shutdown().then(() => (shutDown = true));
    await settled();
    assert.equal(shutDown, false);
    assert.equal(calls.shutDown, 0, 'the wrapped exporter is not shut down under an export');
    finish(2);
    await shuttingDown;
    assert.equal(calls.shutDown, 1);
  });

  it('refuses a limit that is not a positive integer', () => {
    const { exporter } = manualExporter();
    assert.throws(
      () => new PipelinedSpanExporter(exporter, 0),
      /maxInFlight must be a positive integer, got 0/,
    );
    assert.throws(() => new PipelinedSpanExporter(exporter, 1.5), /got 1\.5/);
  });
});
