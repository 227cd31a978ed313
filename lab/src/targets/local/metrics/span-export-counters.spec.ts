import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from '@jest/globals';
import { scrapeSpanExportCounters, spanExportCountersOf } from './span-export-counters';

// What the service's prom-client registry serves (service/src/telemetry/span-export.metrics.spec.ts).
const serviceMetrics = [
  '# HELP iris_otel_spans_exported_total Spans the OTLP collector acknowledged',
  '# TYPE iris_otel_spans_exported_total counter',
  'iris_otel_spans_exported_total 1200',
  '# TYPE iris_otel_spans_lost_total counter',
  'iris_otel_spans_lost_total{reason="queue_full"} 37',
  'iris_otel_spans_lost_total{reason="export_failed"} 512',
  'iris_otel_span_queue_size 99',
].join('\n');

async function serving(status: number, body: string) {
  const server = createServer((_req, res) => res.writeHead(status).end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, close: () => server.close() };
}

describe('span export counters of a pod', () => {
  it('reads exported spans and lost spans summed over their reasons', () => {
    assert.deepEqual(spanExportCountersOf(serviceMetrics), { exported: 1200, lost: 549 });
  });

  it('refuses metrics without the counters (tracing not wired) rather than reporting 0 lost', () => {
    assert.throws(() => spanExportCountersOf('process_cpu_seconds_total 3\n'), /iris_otel_spans_lost_total/);
  });

  it('scrapes GET /metrics of a pod; a non-2xx answer is an error', async () => {
    const pod = await serving(200, serviceMetrics);
    const broken = await serving(404, 'not found');
    try {
      assert.deepEqual(await scrapeSpanExportCounters(pod.port), { exported: 1200, lost: 549 });
      await assert.rejects(scrapeSpanExportCounters(broken.port), /404/);
    } finally {
      pod.close();
      broken.close();
    }
  });
});
