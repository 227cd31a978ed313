// A real OTLP/gRPC trace receiver (the `TraceService/Export` method of an OpenTelemetry Collector), bound to
// loopback on an ephemeral port. The embedded lab collects its pods' spans with it; the service's tests assert
// the span tree that arrives. Spans are decoded into flat records (see otlp-span-decoder).
// gRPC framing over node:http2 rather than a grpc-js Server: grpc-js cannot size HTTP/2 flow-control windows,
// and with Node's 64 KiB default every export batch waits for WINDOW_UPDATE round trips through the busy
// exporting process, which then drops spans. Like a collector, this receiver grants large windows.
import { createServer, type Http2Server, type Http2Session, type ServerHttp2Stream } from 'node:http2';
import { decodeExportTraceRequest, type ReceivedSpan } from './otlp-span-decoder';
import { TRACE_EXPORT_METHOD_PATH } from './otlp-trace-schema';
import { readGrpcMessages } from './grpc-frames';

export type { Attributes, AttributeValue, ReceivedSpan, SpanKindName } from './otlp-span-decoder';

export interface OtlpReceiverOptions {
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Keep received spans in memory for `spans` / `waitForSpans` (default true). Long lab runs that only
   * stream through `onSpans` turn this off so memory stays flat. */
  retainSpans?: boolean;
}

/** Called with each decoded batch; must not throw. */
export type SpanListener = (spans: readonly ReceivedSpan[]) => void;

const HOST = '127.0.0.1';
const WINDOW_BYTES = 16 * 1024 * 1024;
// An empty ExportTraceServiceResponse (full success): one uncompressed gRPC message of length 0.
const EMPTY_RESPONSE_MESSAGE = Buffer.alloc(5);
const GRPC_STATUS = { ok: '0', invalidArgument: '3', unimplemented: '12' } as const;

export class OtlpTraceReceiver {
  private readonly received: ReceivedSpan[] = [];
  private readonly listeners = new Set<SpanListener>();
  private exportCalls = 0;
  private rejectedCalls = 0;

  private constructor(
    private readonly server: Http2Server,
    private readonly sessions: Set<Http2Session>,
    readonly port: number,
    private readonly retainSpans: boolean,
  ) {}

  static async start(options: OtlpReceiverOptions = {}): Promise<OtlpTraceReceiver> {
    const server = createServer({ settings: { initialWindowSize: WINDOW_BYTES } });
    const sessions = new Set<Http2Session>();
    server.on('session', (session) => {
      session.setLocalWindowSize(WINDOW_BYTES);
      sessions.add(session);
      session.once('close', () => sessions.delete(session));
    });
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', (error) =>
        reject(new Error(`OTLP receiver cannot listen on ${HOST}: ${error.message}`)),
      );
      server.listen(options.port ?? 0, HOST, () => resolve((server.address() as { port: number }).port));
    });
    const receiver = new OtlpTraceReceiver(server, sessions, port, options.retainSpans ?? true);
    server.on('stream', (stream, headers) =>
      receiver.handleStream(stream, String(headers[':path']), headers),
    );
    return receiver;
  }

  /** What OTEL_EXPORTER_OTLP_ENDPOINT should be set to. */
  get endpoint(): string {
    return `http://${HOST}:${this.port}`;
  }

  get spans(): readonly ReceivedSpan[] {
    return this.received;
  }

  /** Export calls answered (accepted and rejected). */
  get exportRequests(): number {
    return this.exportCalls;
  }

  /** Export calls whose payload could not be decoded (answered INVALID_ARGUMENT). */
  get rejectedRequests(): number {
    return this.rejectedCalls;
  }

  /** Calls `listener` with each decoded batch; returns the unsubscribe function. */
  onSpans(listener: SpanListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the retained spans once `done(spans)` holds; rejects after `timeoutMs` naming what came. */
  waitForSpans(done: (spans: readonly ReceivedSpan[]) => boolean, timeoutMs = 5000): Promise<ReceivedSpan[]> {
    if (!this.retainSpans) return Promise.reject(new Error('waitForSpans needs retainSpans: true'));
    if (done(this.received)) return Promise.resolve([...this.received]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        const names = this.received.map((span) => span.name).join(', ') || 'none';
        reject(
          new Error(`OTLP receiver: condition not met within ${timeoutMs} ms; spans received: ${names}`),
        );
      }, timeoutMs);
      const unsubscribe = this.onSpans(() => {
        if (!done(this.received)) return;
        clearTimeout(timer);
        unsubscribe();
        resolve([...this.received]);
      });
    });
  }

  /** The first retained span (past or future) that matches. */
  async waitForSpan(matches: (span: ReceivedSpan) => boolean, timeoutMs = 5000): Promise<ReceivedSpan> {
    const spans = await this.waitForSpans((all) => all.some(matches), timeoutMs);
    return spans.find(matches) as ReceivedSpan;
  }

  /** Forgets the retained spans (counters stay). */
  clear(): void {
    this.received.length = 0;
  }

  /** Stops listening and drops the exporters' connections (they keep HTTP/2 sessions open). */
  close(): Promise<void> {
    for (const session of this.sessions) session.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handleStream(stream: ServerHttp2Stream, path: string, headers: Record<string, unknown>): void {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', () => undefined); // an exporter that goes away mid-call is not our failure
    stream.on('end', () => {
      if (path !== TRACE_EXPORT_METHOD_PATH) {
        return this.answer(stream, GRPC_STATUS.unimplemented, `unknown method ${path}`);
      }
      this.exportCalls += 1;
      let spans: ReceivedSpan[];
      try {
        const encoding = typeof headers['grpc-encoding'] === 'string' ? headers['grpc-encoding'] : 'identity';
        spans = readGrpcMessages(Buffer.concat(chunks), encoding).flatMap(decodeExportTraceRequest);
      } catch (error) {
        this.rejectedCalls += 1;
        return this.answer(
          stream,
          GRPC_STATUS.invalidArgument,
          `cannot decode ExportTraceServiceRequest: ${(error as Error).message}`,
        );
      }
      if (this.retainSpans) this.received.push(...spans);
      this.answer(stream, GRPC_STATUS.ok);
      for (const listener of this.listeners) listener(spans);
    });
  }

  private answer(stream: ServerHttp2Stream, status: string, message = ''): void {
    if (stream.destroyed) return;
    if (status !== GRPC_STATUS.ok) {
      // A trailers-only response: the status travels in the headers.
      stream.respond(
        {
          ':status': 200,
          'content-type': 'application/grpc',
          'grpc-status': status,
          'grpc-message': encodeURIComponent(message),
        },
        { endStream: true },
      );
      return;
    }
    stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': status }));
    stream.end(EMPTY_RESPONSE_MESSAGE);
  }
}
