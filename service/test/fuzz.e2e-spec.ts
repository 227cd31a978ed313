// Property: whatever JSON (or non-JSON) arrives at a POST route, the answer is 2xx or 4xx, and the app stays ready.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { SETOSA } from './support/reference-model';
import { TestApp, startTestApp } from './support/test-app';

const POST_ROUTES = ['/predict', '/predict/batch', '/v2/models/iris/infer'];
const FIELDS = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];

const anyScalar = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue(),
);
const measurementLike = fc.record(Object.fromEntries(FIELDS.map((field) => [field, anyScalar])), {
  requiredKeys: [],
});
const tensorLike = fc.record(
  {
    name: fc.oneof(fc.constant('input'), fc.string()),
    shape: fc.oneof(fc.array(fc.integer({ min: -2, max: 6 }), { maxLength: 3 }), fc.jsonValue()),
    datatype: fc.oneof(fc.constant('FP32'), fc.constantFrom('INT64', 'BYTES', 'FP64'), fc.string()),
    data: fc.oneof(
      fc.array(fc.oneof(fc.double(), fc.array(fc.double(), { maxLength: 5 }), anyScalar), { maxLength: 12 }),
      fc.jsonValue(),
    ),
  },
  { requiredKeys: [] },
);
const bodies = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value) ?? 'null'),
  measurementLike.map((value) => JSON.stringify(value)),
  fc.array(measurementLike, { maxLength: 5 }).map((instances) => JSON.stringify({ instances })),
  fc.array(tensorLike, { maxLength: 2 }).map((inputs) => JSON.stringify({ inputs })),
  fc.string(), // mostly not JSON at all
);

describe('random JSON at every POST route', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp({ BATCH_REQUEST_MAX_INSTANCES: '4' })));
  afterAll(() => app.close());

  for (const url of POST_ROUTES) {
    it(`${url} answers only 2xx/4xx, always with a JSON body`, async () => {
      await fc.assert(
        fc.asyncProperty(bodies, async (payload) => {
          const response = await app.inject({
            method: 'POST',
            url,
            headers: { 'content-type': 'application/json' },
            payload,
          });

          assert.ok(
            response.statusCode >= 200 && response.statusCode < 500,
            `${response.statusCode}: ${response.body}`,
          );
          assert.equal(typeof response.json(), 'object');
        }),
        { numRuns: 200 },
      );
    });
  }

  it('is still ready and predicting afterwards', async () => {
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    const predict = await app.inject({
      method: 'POST',
      url: '/predict',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(SETOSA),
    });

    assert.equal(ready.statusCode, 200);
    assert.equal(predict.statusCode, 200);
  });
});
