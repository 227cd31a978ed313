import assert from 'node:assert/strict';
import { afterAll, beforeAll, beforeEach, describe, it } from '@jest/globals';
import { Client, credentials } from '@grpc/grpc-js';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OtlpTraceReceiver, type ReceivedSpan } from './otlp-receiver';
import { TRACE_EXPORT_METHOD_PATH } from './otlp-trace-schema';

function sendRaw(
  receiver: OtlpTraceReceiver,
  payload: Buffer,
  path = TRACE_EXPORT_METHOD_PATH,
): Promise<Error | null> {
  const client = new Client(`127.0.0.1:${receiver.port}`, credentials.createInsecure());
  return new Promise((resolve) =>
    client.makeUnaryRequest(
      path,
      (bytes: Buffer) => bytes,
      (bytes: Buffer) => bytes,
      payload,
      (error) => {
        client.close();
        resolve(error);
      },
    ),
  );
}

describe('OtlpTraceReceiver', () => {
  let receiver: OtlpTraceReceiver;
  let provider: BasicTracerProvider;

  beforeAll(async () => {
    receiver = await OtlpTraceReceiver.start();
    // The real OTLP/gRPC exporter of the service, so the test proves wire compatibility, not a round trip.
    provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'receiver-spec', 'deployment.environment': 'test' }),
      spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: receiver.endpoint }))],
    });
  });
  afterAll(async () => {
    await provider.shutdown();
    await receiver.close();
  });
  beforeEach(() => receiver.clear());

  it('decodes exported spans into records with hex ids, parent links, kinds, attributes and resource', async () => {
    const tracer = provider.getTracer('spec-scope');
    const parent = tracer.startSpan('parent', { kind: SpanKind.SERVER });
    const attributes = { text: 'a', count: 3, ratio: 0.25, flag: true, list: ['x', 'y'] };
    const child = tracer.startSpan('child', { attributes }, trace.setSpan(ROOT_CONTEXT, parent));
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'bad row' });
    child.end();
    parent.end();
    await provider.forceFlush();

    const spans = await receiver.waitForSpans((all) => all.length === 2);
    const received = spans.find((span) => span.name === 'parent');
    const receivedChild = spans.find((span) => span.name === 'child');
    assert.ok(received && receivedChild, 'both spans arrive');
    assertTree(received, receivedChild);
    assert.ok(receiver.exportRequests >= 2);
  });

  function assertTree(parent: ReceivedSpan, child: ReceivedSpan): void {
    assert.match(parent.traceId, /^[0-9a-f]{32}$/);
    assert.match(parent.spanId, /^[0-9a-f]{16}$/);
    assert.equal(parent.parentSpanId, undefined);
    assert.equal(child.traceId, parent.traceId);
    assert.equal(child.parentSpanId, parent.spanId);
    assert.equal(parent.kind, 'SERVER');
    assert.equal(child.kind, 'INTERNAL');
    assert.deepEqual(child.attributes, { text: 'a', count: 3, ratio: 0.25, flag: true, list: ['x', 'y'] });
    assert.deepEqual(child.status, { code: 'ERROR', message: 'bad row' });
    assert.equal(child.scope, 'spec-scope');
    assert.equal(child.resource['service.name'], 'receiver-spec');
    assert.equal(child.resource['deployment.environment'], 'test');
    assert.ok(child.startTimeUnixNano > 1_600_000_000_000_000_000n, 'epoch nanoseconds');
    assert.ok(child.endTimeUnixNano >= child.startTimeUnixNano);
    assert.equal(child.durationMs, Number(child.endTimeUnixNano - child.startTimeUnixNano) / 1e6);
  }

  it('waitForSpans rejects after its timeout and names the spans that did arrive', async () => {
    provider.getTracer('spec').startSpan('lonely').end();
    await provider.forceFlush();
    await assert.rejects(
      receiver.waitForSpans((all) => all.some((span) => span.name === 'never'), 200),
      /within 200 ms; spans received: lonely/,
    );
  });

  it('decodes gzip-compressed exports', async () => {
    // The standard variable, read when the exporter is built.
    process.env.OTEL_EXPORTER_OTLP_TRACES_COMPRESSION = 'gzip';
    const gzipExporter = new OTLPTraceExporter({ url: receiver.endpoint });
    delete process.env.OTEL_EXPORTER_OTLP_TRACES_COMPRESSION;
    const gzipProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(gzipExporter)] });
    gzipProvider.getTracer('spec').startSpan('compressed').end();
    await gzipProvider.shutdown();
    await receiver.waitForSpan((span) => span.name === 'compressed');
  });

  it('answers an unknown method with UNIMPLEMENTED', async () => {
    const error = await sendRaw(
      receiver,
      Buffer.alloc(0),
      '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
    );
    assert.match(String(error), /UNIMPLEMENTED/);
  });

  it('answers an undecodable payload with INVALID_ARGUMENT and keeps serving', async () => {
    const error = await sendRaw(receiver, Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]));
    assert.match(String(error), /INVALID_ARGUMENT: cannot decode ExportTraceServiceRequest/);
    assert.equal(receiver.rejectedRequests, 1);
    provider.getTracer('spec').startSpan('after-garbage').end();
    await provider.forceFlush();
    await receiver.waitForSpan((span) => span.name === 'after-garbage');
  });

  it('streams batches to listeners without retaining them when retainSpans is false', async () => {
    const streaming = await OtlpTraceReceiver.start({ retainSpans: false });
    const streamed: string[] = [];
    streaming.onSpans((spans) => streamed.push(...spans.map((span) => span.name)));
    const streamingProvider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: streaming.endpoint }))],
    });
    streamingProvider.getTracer('spec').startSpan('streamed').end();
    await streamingProvider.forceFlush();
    await streamingProvider.shutdown();
    await streaming.close();
    assert.deepEqual(streamed, ['streamed']);
    assert.equal(streaming.spans.length, 0);
    await assert.rejects(
      streaming.waitForSpans(() => true),
      /retainSpans/,
    );
  });
});
