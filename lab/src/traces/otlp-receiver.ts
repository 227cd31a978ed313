// A real OTLP/gRPC trace receiver (the `TraceService/Export` method of an OpenTelemetry Collector), bound to
// loopback on an ephemeral port. The embedded lab collects its pods' spans with it; the service's tests assert
// the span tree that arrives. Spans are decoded into flat records (see otlp-span-decoder).
import { Server, ServerCredentials, status as GrpcStatus, type ServiceDefinition } from '@grpc/grpc-js';
import { decodeExportTraceRequest, type ReceivedSpan } from './otlp-span-decoder';
import { TRACE_EXPORT_METHOD_PATH } from './otlp-trace-schema';

export type { Attributes, AttributeValue, ReceivedSpan, SpanKindName } from './otlp-span-decoder';

export interface OtlpReceiverOptions {
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Keep received spans in memory for `spans` / `waitForSpans` (default true). Long lab runs that only
   * stream through `onSpans` turn this off so memory stays flat. */
  retainSpans?: boolean;
}

export type SpanListener = (spans: readonly ReceivedSpan[]) => void;

const HOST = '127.0.0.1';
// An empty ExportTraceServiceResponse: full success, encoded as zero bytes.
const EMPTY_RESPONSE = Buffer.alloc(0);

const traceServiceDefinition: ServiceDefinition = {
  Export: {
    path: TRACE_EXPORT_METHOD_PATH,
    requestStream: false,
    responseStream: false,
    requestSerialize: (request: Buffer) => request,
    requestDeserialize: (bytes: Buffer) => bytes,
    responseSerialize: () => EMPTY_RESPONSE,
    responseDeserialize: () => ({}),
  },
};

export class OtlpTraceReceiver {
  private readonly received: ReceivedSpan[] = [];
  private readonly listeners = new Set<SpanListener>();
  private exportCalls = 0;
  private rejectedCalls = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly retainSpans: boolean,
  ) {}

  static async start(options: OtlpReceiverOptions = {}): Promise<OtlpTraceReceiver> {
    const server = new Server();
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`${HOST}:${options.port ?? 0}`, ServerCredentials.createInsecure(), (error, bound) =>
        error
          ? reject(new Error(`OTLP receiver cannot listen on ${HOST}: ${error.message}`))
          : resolve(bound),
      ),
    );
    const receiver = new OtlpTraceReceiver(server, port, options.retainSpans ?? true);
    server.addService(traceServiceDefinition, {
      Export: (call: { request: Buffer }, callback: (error: Error | null, response?: unknown) => void) =>
        receiver.handleExport(call.request, callback),
    });
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

  async close(): Promise<void> {
    // Exporters hold their HTTP/2 connection open; tryShutdown would wait for them, so force it.
    this.server.forceShutdown();
  }

  private handleExport(request: Buffer, callback: (error: Error | null, response?: unknown) => void): void {
    this.exportCalls += 1;
    let spans: ReceivedSpan[];
    try {
      spans = decodeExportTraceRequest(request);
    } catch (error) {
      this.rejectedCalls += 1;
      const details = `cannot decode ExportTraceServiceRequest: ${(error as Error).message}`;
      callback(Object.assign(new Error(details), { code: GrpcStatus.INVALID_ARGUMENT, details }));
      return;
    }
    if (this.retainSpans) this.received.push(...spans);
    callback(null, {});
    for (const listener of this.listeners) listener(spans);
  }
}
