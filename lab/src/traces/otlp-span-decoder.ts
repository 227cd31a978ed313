// Turns an OTLP ExportTraceServiceRequest (protobuf bytes) into flat span records: one record per span with
// hex ids, nanosecond timestamps and plain attribute maps, its resource's attributes copied onto it.
import { exportTraceServiceRequest } from './otlp-trace-schema';

export type AttributeValue = string | number | boolean | AttributeValue[] | { [key: string]: AttributeValue };
export type Attributes = Record<string, AttributeValue>;

export const SPAN_KINDS = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'] as const;
export type SpanKindName = (typeof SPAN_KINDS)[number];
export const STATUS_CODES = ['UNSET', 'OK', 'ERROR'] as const;
export type StatusCodeName = (typeof STATUS_CODES)[number];

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** Absent on a root span. */
  parentSpanId?: string;
  name: string;
  kind: SpanKindName;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  /** end − start, exact to the nanosecond, in milliseconds. */
  durationMs: number;
  attributes: Attributes;
  resource: Attributes;
  scope: string;
  status: { code: StatusCodeName; message?: string };
}

// Shapes produced by protobufjs `toObject` with the options below (longs and bytes as strings).
interface WireAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string;
  doubleValue?: number;
  arrayValue?: { values?: WireAnyValue[] };
  kvlistValue?: { values?: WireKeyValue[] };
  bytesValue?: string;
}
interface WireKeyValue {
  key: string;
  value?: WireAnyValue;
}
interface WireSpan {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  kind?: number;
  startTimeUnixNano?: string;
  endTimeUnixNano?: string;
  attributes?: WireKeyValue[];
  status?: { code?: number; message?: string };
}
interface WireRequest {
  resourceSpans?: {
    resource?: { attributes?: WireKeyValue[] };
    scopeSpans?: { scope?: { name?: string }; spans?: WireSpan[] }[];
  }[];
}

const TO_OBJECT_OPTIONS = { longs: String, bytes: String, defaults: false } as const;

/** Decodes one Export request; throws (protobufjs' message) on bytes that are not one. */
export function decodeExportTraceRequest(bytes: Uint8Array): ReceivedSpan[] {
  const message = exportTraceServiceRequest.decode(bytes);
  const request = exportTraceServiceRequest.toObject(message, TO_OBJECT_OPTIONS) as WireRequest;
  return (request.resourceSpans ?? []).flatMap((resourceSpans) => {
    const resource = toAttributes(resourceSpans.resource?.attributes);
    return (resourceSpans.scopeSpans ?? []).flatMap((scopeSpans) =>
      (scopeSpans.spans ?? []).map((span) => toReceivedSpan(span, resource, scopeSpans.scope?.name ?? '')),
    );
  });
}

function toReceivedSpan(span: WireSpan, resource: Attributes, scope: string): ReceivedSpan {
  const startTimeUnixNano = BigInt(span.startTimeUnixNano ?? 0);
  const endTimeUnixNano = BigInt(span.endTimeUnixNano ?? 0);
  const parentSpanId = base64ToHex(span.parentSpanId);
  return {
    traceId: base64ToHex(span.traceId),
    spanId: base64ToHex(span.spanId),
    ...(parentSpanId === '' ? {} : { parentSpanId }),
    name: span.name ?? '',
    kind: SPAN_KINDS[span.kind ?? 0] ?? 'UNSPECIFIED',
    startTimeUnixNano,
    endTimeUnixNano,
    durationMs: Number(endTimeUnixNano - startTimeUnixNano) / 1e6,
    attributes: toAttributes(span.attributes),
    resource,
    scope,
    status: {
      code: STATUS_CODES[span.status?.code ?? 0] ?? 'UNSET',
      ...(span.status?.message ? { message: span.status.message } : {}),
    },
  };
}

function toAttributes(keyValues: WireKeyValue[] | undefined): Attributes {
  const attributes: Attributes = {};
  for (const { key, value } of keyValues ?? []) {
    attributes[key] = toAttributeValue(value ?? {});
  }
  return attributes;
}

function toAttributeValue(value: WireAnyValue): AttributeValue {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(toAttributeValue);
  if (value.kvlistValue !== undefined) return toAttributes(value.kvlistValue.values);
  if (value.bytesValue !== undefined) return base64ToHex(value.bytesValue);
  return '';
}

function base64ToHex(base64: string | undefined): string {
  return Buffer.from(base64 ?? '', 'base64').toString('hex');
}
