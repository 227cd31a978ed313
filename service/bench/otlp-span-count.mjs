// Counts the spans of an OTLP ExportTraceServiceRequest by walking its protobuf fields, without decoding
// attributes or allocating per span: the benchmark counts every span that arrives (spans lost end to end) on the
// load generator's core, so the count must cost little. Fields per opentelemetry-proto trace/v1/trace.proto:
// ExportTraceServiceRequest.resource_spans = 1, ResourceSpans.scope_spans = 2, ScopeSpans.spans = 2,
// Span.parent_span_id = 4 (empty or absent on a root span).
const LENGTH_DELIMITED = 2;

function readVarint(buffer, state) {
  let value = 0;
  let shift = 0;
  for (;;) {
    if (state.at >= state.end) throw new Error('protobuf: truncated varint');
    const byte = buffer[state.at++];
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return value;
    shift += 7;
  }
}

/** Calls onField(fieldNumber, start, end) for each length-delimited field in buffer[start, end). */
function eachLengthDelimited(buffer, start, end, onField) {
  const state = { at: start, end };
  while (state.at < end) {
    const tag = readVarint(buffer, state);
    const wireType = tag % 8;
    const field = Math.floor(tag / 8);
    if (wireType === LENGTH_DELIMITED) {
      const length = readVarint(buffer, state);
      if (state.at + length > end) throw new Error('protobuf: field runs past its message');
      onField(field, state.at, state.at + length);
      state.at += length;
    } else if (wireType === 0) readVarint(buffer, state);
    else if (wireType === 1) state.at += 8;
    else if (wireType === 5) state.at += 4;
    else throw new Error(`protobuf: unsupported wire type ${wireType}`);
  }
}

/** { spans, rootSpans } of one encoded ExportTraceServiceRequest. */
export function countSpans(request) {
  const counts = { spans: 0, rootSpans: 0 };
  eachLengthDelimited(request, 0, request.length, (field, start, end) => {
    if (field !== 1) return;
    eachLengthDelimited(request, start, end, (field, start, end) => {
      if (field !== 2) return;
      eachLengthDelimited(request, start, end, (field, start, end) => {
        if (field !== 2) return;
        counts.spans += 1;
        let hasParent = false;
        eachLengthDelimited(request, start, end, (field, start, end) => {
          if (field === 4 && end > start) hasParent = true;
        });
        if (!hasParent) counts.rootSpans += 1;
      });
    });
  });
  return counts;
}
