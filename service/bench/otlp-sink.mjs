// A minimal OTLP/gRPC sink for the tracing-on case: answers every TraceService/Export with an empty success
// over plain node:http2 without decoding, so the collector side costs the benchmark almost nothing.
import { createServer } from 'node:http2';

const EMPTY_GRPC_MESSAGE = Buffer.alloc(5); // flag 0, length 0: an empty ExportTraceServiceResponse
// Node's HTTP/2 default windows are 64 KiB: a 512-span batch (~150 KiB) would then need several
// WINDOW_UPDATE round trips through the busy service's event loop. A collector (Go gRPC, BDP-sized windows)
// grants megabytes, so the sink does too.
const WINDOW_BYTES = 16 * 1024 * 1024;

export function startOtlpSink() {
  const counters = { exportCalls: 0, bytes: 0 };
  const server = createServer({ settings: { initialWindowSize: WINDOW_BYTES } });
  server.on('session', (session) => session.setLocalWindowSize(WINDOW_BYTES));
  server.on('stream', (stream) => {
    stream.on('data', (chunk) => (counters.bytes += chunk.length));
    stream.on('end', () => {
      counters.exportCalls += 1;
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
