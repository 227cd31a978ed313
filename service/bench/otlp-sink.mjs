// A minimal OTLP/gRPC sink for the tracing-on case: answers every TraceService/Export with an empty success over
// plain node:http2 and counts the spans and root spans that arrived (otlp-span-count.mjs), so spans lost between
// the service and its collector are counted end to end: one root span per traced request.
import { createServer } from 'node:http2';
import { gunzipSync } from 'node:zlib';
import { countSpans } from './otlp-span-count.mjs';

const EMPTY_GRPC_MESSAGE = Buffer.alloc(5); // flag 0, length 0: an empty ExportTraceServiceResponse
// Node's HTTP/2 default windows are 64 KiB: a 512-span batch (~150 KiB) would then need several
// WINDOW_UPDATE round trips through the busy service's event loop. A collector (Go gRPC, BDP-sized windows)
// grants megabytes, so the sink does too.
const WINDOW_BYTES = 16 * 1024 * 1024;
const GRPC_HEADER_BYTES = 5;

/** Adds the spans of every length-prefixed gRPC message in `body` to counters. */
function countGrpcMessages(body, counters) {
  for (let at = 0; at + GRPC_HEADER_BYTES <= body.length;) {
    const compressed = body[at] === 1;
    const length = body.readUInt32BE(at + 1);
    const message = body.subarray(at + GRPC_HEADER_BYTES, at + GRPC_HEADER_BYTES + length);
    const { spans, rootSpans } = countSpans(compressed ? gunzipSync(message) : message);
    counters.spans += spans;
    counters.rootSpans += rootSpans;
    at += GRPC_HEADER_BYTES + length;
  }
}

export function startOtlpSink() {
  const counters = { exportCalls: 0, bytes: 0, spans: 0, rootSpans: 0, undecodable: 0 };
  const server = createServer({ settings: { initialWindowSize: WINDOW_BYTES } });
  server.on('session', (session) => session.setLocalWindowSize(WINDOW_BYTES));
  server.on('stream', (stream) => {
    const chunks = [];
    stream.on('data', (chunk) => {
      counters.bytes += chunk.length;
      chunks.push(chunk);
    });
    stream.on('end', () => {
      counters.exportCalls += 1;
      try {
        countGrpcMessages(Buffer.concat(chunks), counters);
      } catch {
        counters.undecodable += 1;
      }
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(EMPTY_GRPC_MESSAGE);
    });
    stream.on('error', () => undefined);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        endpoint: `http://127.0.0.1:${server.address().port}`,
        counters,
        close: () => new Promise((done) => server.close(done)),
      }),
    ),
  );
}
