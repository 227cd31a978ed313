// Lets the BatchSpanProcessor start its next export while earlier ones are still on the wire. The processor keeps
// one export in flight and waits for its result, so its throughput is one batch per round trip; a busy event loop
// stretches each round trip over several turns, so only large batches kept up, and spans waited in the queue for a
// batch to fill long enough to survive young-generation collections. Here an export is acknowledged as soon as it is
// handed to the wrapped exporter, while fewer than `maxInFlight` are outstanding; past that the acknowledgement waits
// for one to finish, so the processor's bounded queue still fills and drops (counted) when the collector is slow.
// The wrapped exporter (ObservedSpanExporter) counts and logs what each export really did.
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';

const ACCEPTED: ExportResult = { code: ExportResultCode.SUCCESS };

export class PipelinedSpanExporter implements SpanExporter {
  private readonly inFlight = new Set<Promise<void>>();
  /** The acknowledgement held back while every slot is taken. */
  private heldBack: (() => void) | undefined;

  constructor(
    private readonly exporter: SpanExporter,
    private readonly maxInFlight: number,
  ) {
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1)
      throw new Error(`maxInFlight must be a positive integer, got ${maxInFlight}`);
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    let finish!: () => void;
    const exported = new Promise<void>((resolve) => (finish = resolve));
    this.inFlight.add(exported);
    this.exporter.export(spans, () => {
      this.inFlight.delete(exported);
      finish();
      const held = this.heldBack;
      this.heldBack = undefined;
      held?.();
    });
    // The processor sends one export at a time, so at most one acknowledgement is ever held back.
    if (this.inFlight.size < this.maxInFlight) resultCallback(ACCEPTED);
    else this.heldBack = () => resultCallback(ACCEPTED);
  }

  /** Resolves once every export handed over so far has finished. */
  async forceFlush(): Promise<void> {
    await Promise.all(this.inFlight);
    await this.exporter.forceFlush?.();
  }

  async shutdown(): Promise<void> {
    await Promise.all(this.inFlight);
    await this.exporter.shutdown();
  }
}
