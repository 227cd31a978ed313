import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { decodeExportTraceRequest } from './otlp-span-decoder';
import { exportTraceServiceRequest } from './otlp-trace-schema';

const id = (hex: string) => Buffer.from(hex, 'hex');

function encode(request: object): Uint8Array {
  return exportTraceServiceRequest.encode(exportTraceServiceRequest.fromObject(request)).finish();
}

describe('decodeExportTraceRequest', () => {
  it('maps every OTLP attribute value type and keeps the resource per span', () => {
    const bytes = encode({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'iris-service' } }] },
          scopeSpans: [
            {
              scope: { name: 'iris' },
              spans: [
                {
                  traceId: id('0102030405060708090a0b0c0d0e0f10'),
                  spanId: id('1112131415161718'),
                  name: 'prediction_request',
                  kind: 1,
                  startTimeUnixNano: '1700000000000000000',
                  endTimeUnixNano: '1700000000001500000',
                  attributes: [
                    { key: 'int', value: { intValue: 42 } },
                    { key: 'bytes', value: { bytesValue: id('beef') } },
                    {
                      key: 'map',
                      value: { kvlistValue: { values: [{ key: 'k', value: { boolValue: false } }] } },
                    },
                    {
                      key: 'nested',
                      value: { arrayValue: { values: [{ doubleValue: 1.5 }, { stringValue: 's' }] } },
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });

    const [span] = decodeExportTraceRequest(bytes);

    assert.deepEqual(span, {
      traceId: '0102030405060708090a0b0c0d0e0f10',
      spanId: '1112131415161718',
      name: 'prediction_request',
      kind: 'INTERNAL',
      startTimeUnixNano: 1700000000000000000n,
      endTimeUnixNano: 1700000000001500000n,
      durationMs: 1.5,
      attributes: { int: 42, bytes: 'beef', map: { k: false }, nested: [1.5, 's'] },
      resource: { 'service.name': 'iris-service' },
      scope: 'iris',
      status: { code: 'UNSET' },
    });
  });

  it('returns no spans for an empty request and throws on bytes that are not one', () => {
    assert.deepEqual(decodeExportTraceRequest(new Uint8Array()), []);
    assert.throws(() => decodeExportTraceRequest(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f])));
  });
});
