// Every kind of bad input gets its exact 4xx status and a JSON body naming the field and the rule.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { SETOSA } from './support/reference-model';
import { TestApp, startTestApp } from './support/test-app';

interface Violation {
  field: string;
  rule: string;
  message: string;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
};

/** The body every non-v2 route answers for broken rules. */
function rejected(status: number, message: string, ...violations: Violation[]) {
  return { statusCode: status, error: STATUS_TEXT[status], message, violations };
}

const v = (field: string, rule: string, message: string): Violation => ({ field, rule, message });

function jsonParseMessage(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message; // V8's wording differs between Node versions
  }
  throw new Error(`${text} is valid JSON`);
}

interface Case {
  name: string;
  url: string;
  payload: string;
  contentType?: string;
  status: number;
  body: unknown;
}

const json = (value: unknown) => JSON.stringify(value);
const tensor = (input: Record<string, unknown>) =>
  json({
    inputs: [{ name: 'input', shape: [1, 4], datatype: 'FP32', data: [5.1, 3.5, 1.4, 0.2], ...input }],
  });
const BATCH_MAX = 3;
const BODY_LIMIT = 1024;

const CASES: Case[] = [
  {
    name: 'a missing field',
    url: '/predict',
    payload: json({ ...SETOSA, petal_width: undefined }),
    status: 400,
    body: rejected(
      400,
      'petal_width is required (isDefined)',
      v('petal_width', 'isDefined', 'petal_width is required'),
    ),
  },
  {
    name: 'a null field',
    url: '/predict',
    payload: json({ ...SETOSA, sepal_width: null }),
    status: 400,
    body: rejected(
      400,
      'sepal_width is required (isDefined)',
      v('sepal_width', 'isDefined', 'sepal_width is required'),
    ),
  },
  {
    name: 'a string instead of a number',
    url: '/predict',
    payload: json({ ...SETOSA, sepal_length: '5.1' }),
    status: 400,
    body: rejected(
      400,
      'sepal_length must be a finite number (cm) (isNumber)',
      v('sepal_length', 'isNumber', 'sepal_length must be a finite number (cm)'),
    ),
  },
  {
    name: 'an infinite number (1e999)',
    url: '/predict',
    payload: '{"sepal_length":1e999,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}',
    status: 400,
    body: rejected(
      400,
      'sepal_length must be a finite number (cm) (isNumber)',
      v('sepal_length', 'isNumber', 'sepal_length must be a finite number (cm)'),
    ),
  },
  {
    name: 'a negative length',
    url: '/predict',
    payload: json({ ...SETOSA, petal_length: -0.1 }),
    status: 400,
    body: rejected(
      400,
      'petal_length must be at least 0 cm (min)',
      v('petal_length', 'min', 'petal_length must be at least 0 cm'),
    ),
  },
  {
    name: 'a length beyond the physical range',
    url: '/predict',
    payload: json({ ...SETOSA, sepal_width: 10.5 }),
    status: 400,
    body: rejected(
      400,
      'sepal_width must be at most 10 cm (max)',
      v('sepal_width', 'max', 'sepal_width must be at most 10 cm'),
    ),
  },
  {
    name: 'an unknown field',
    url: '/predict',
    payload: json({ ...SETOSA, colour: 'blue' }),
    status: 400,
    body: rejected(
      400,
      'colour: property colour should not exist (whitelistValidation)',
      v('colour', 'whitelistValidation', 'property colour should not exist'),
    ),
  },
  {
    name: 'several broken rules at once',
    url: '/predict',
    payload: json({ sepal_length: 'x', sepal_width: 30 }),
    status: 400,
    body: rejected(
      400,
      'sepal_length must be a finite number (cm) (isNumber); sepal_width must be at most 10 cm (max); petal_length is required (isDefined); petal_width is required (isDefined)',
      v('sepal_length', 'isNumber', 'sepal_length must be a finite number (cm)'),
      v('sepal_width', 'max', 'sepal_width must be at most 10 cm'),
      v('petal_length', 'isDefined', 'petal_length is required'),
      v('petal_width', 'isDefined', 'petal_width is required'),
    ),
  },
  {
    name: 'a JSON array body',
    url: '/predict',
    payload: json([SETOSA]),
    status: 400,
    body: rejected(
      400,
      'body must be a JSON object (isObject)',
      v('body', 'isObject', 'body must be a JSON object'),
    ),
  },
  {
    name: 'a JSON string body',
    url: '/predict',
    payload: json('setosa'),
    status: 400,
    body: rejected(
      400,
      'body must be a JSON object (isObject)',
      v('body', 'isObject', 'body must be a JSON object'),
    ),
  },
  {
    name: 'malformed JSON',
    url: '/predict',
    payload: '{"sepal_length": 5.1,',
    status: 400,
    body: rejected(
      400,
      `body must be valid JSON: ${jsonParseMessage('{"sepal_length": 5.1,')} (json)`,
      v('body', 'json', `body must be valid JSON: ${jsonParseMessage('{"sepal_length": 5.1,')}`),
    ),
  },
  {
    name: 'an empty JSON body',
    url: '/predict',
    payload: '',
    status: 400,
    body: rejected(400, 'body must not be empty (notEmpty)', v('body', 'notEmpty', 'body must not be empty')),
  },
  {
    name: 'a __proto__ key',
    url: '/predict',
    payload:
      '{"__proto__":{"admin":true},"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}',
    status: 400,
    body: rejected(
      400,
      'body must not contain __proto__ or constructor.prototype (noPrototypeKeys)',
      v('body', 'noPrototypeKeys', 'body must not contain __proto__ or constructor.prototype'),
    ),
  },
  {
    name: 'a text/plain body',
    url: '/predict',
    payload: 'sepal_length=5.1',
    contentType: 'text/plain',
    status: 415,
    body: rejected(
      415,
      'content-type must be application/json (got "text/plain") (mediaType)',
      v('content-type', 'mediaType', 'content-type must be application/json (got "text/plain")'),
    ),
  },
  {
    name: 'a form-encoded body',
    url: '/predict/batch',
    payload: 'sepal_length=5.1',
    contentType: 'application/x-www-form-urlencoded',
    status: 415,
    body: rejected(
      415,
      'content-type must be application/json (got "application/x-www-form-urlencoded") (mediaType)',
      v(
        'content-type',
        'mediaType',
        'content-type must be application/json (got "application/x-www-form-urlencoded")',
      ),
    ),
  },
  {
    name: 'a body over BODY_LIMIT_BYTES',
    url: '/predict',
    payload: json({ ...SETOSA, padding: 'x'.repeat(BODY_LIMIT) }),
    status: 413,
    body: rejected(
      413,
      `body must be at most ${BODY_LIMIT} bytes (maxBytes)`,
      v('body', 'maxBytes', `body must be at most ${BODY_LIMIT} bytes`),
    ),
  },
  {
    name: 'a batch without instances',
    url: '/predict/batch',
    payload: json({}),
    status: 400,
    body: rejected(
      400,
      'instances is required (isDefined)',
      v('instances', 'isDefined', 'instances is required'),
    ),
  },
  {
    name: 'instances that are not an array',
    url: '/predict/batch',
    payload: json({ instances: SETOSA }),
    status: 400,
    body: rejected(
      400,
      'instances must be an array (isArray)',
      v('instances', 'isArray', 'instances must be an array'),
    ),
  },
  {
    name: 'an empty batch',
    url: '/predict/batch',
    payload: json({ instances: [] }),
    status: 400,
    body: rejected(
      400,
      'instances must not be empty (arrayNotEmpty)',
      v('instances', 'arrayNotEmpty', 'instances must not be empty'),
    ),
  },
  {
    name: 'a batch over BATCH_REQUEST_MAX_INSTANCES',
    url: '/predict/batch',
    payload: json({ instances: Array(BATCH_MAX + 1).fill(SETOSA) }),
    status: 400,
    body: rejected(
      400,
      `instances must hold at most ${BATCH_MAX} elements (arrayMaxSize)`,
      v('instances', 'arrayMaxSize', `instances must hold at most ${BATCH_MAX} elements`),
    ),
  },
  {
    name: 'a bad instance inside a batch',
    url: '/predict/batch',
    payload: json({ instances: [SETOSA, { ...SETOSA, petal_width: 11 }, 7] }),
    status: 400,
    body: rejected(
      400,
      'instances[1].petal_width: petal_width must be at most 10 cm (max); instances[2]: each value in nested property instances must be either object or array (nestedValidation)',
      v('instances[1].petal_width', 'max', 'petal_width must be at most 10 cm'),
      v(
        'instances[2]',
        'nestedValidation',
        'each value in nested property instances must be either object or array',
      ),
    ),
  },
  {
    name: 'v2: a tensor of the wrong datatype',
    url: '/v2/models/iris/infer',
    payload: tensor({ datatype: 'INT32' }),
    status: 400,
    body: { error: 'inputs[0].datatype must be "FP32" (got "INT32") (equals)' },
  },
  {
    name: 'v2: a tensor of the wrong shape',
    url: '/v2/models/iris/infer',
    payload: tensor({ shape: [1, 3], data: [5.1, 3.5, 1.4] }),
    status: 400,
    body: { error: 'inputs[0].shape must be [N, 4] with N >= 1 (got [1,3]) (shape)' },
  },
  {
    name: 'v2: data whose length does not match the shape',
    url: '/v2/models/iris/infer',
    payload: tensor({ shape: [2, 4] }),
    status: 400,
    body: { error: 'inputs[0].data must hold 8 numbers, flat or as 2 rows of 4 (length)' },
  },
  {
    name: 'v2: nested rows of the wrong width',
    url: '/v2/models/iris/infer',
    payload: tensor({ data: [[5.1, 3.5, 1.4]] }),
    status: 400,
    body: { error: 'inputs[0].data must hold 4 numbers, flat or as 1 rows of 4 (length)' },
  },
  {
    name: 'v2: a value that is not a number',
    url: '/v2/models/iris/infer',
    payload: tensor({ data: [5.1, '3.5', 1.4, 0.2] }),
    status: 400,
    body: { error: 'inputs[0].data[1] (sepal_width) must be a finite number (cm) (isNumber)' },
  },
  {
    name: 'v2: a value outside its feature range',
    url: '/v2/models/iris/infer',
    payload: tensor({ data: [5.1, 3.5, 1.4, 12] }),
    status: 400,
    body: { error: 'inputs[0].data[3] (petal_width) must be from 0 to 10 cm (got 12) (range)' },
  },
  {
    name: 'v2: more rows than BATCH_REQUEST_MAX_INSTANCES',
    url: '/v2/models/iris/infer',
    payload: tensor({ shape: [BATCH_MAX + 1, 4], data: Array(BATCH_MAX + 1).fill([5.1, 3.5, 1.4, 0.2]) }),
    status: 400,
    body: { error: `inputs[0].shape[0] must be at most ${BATCH_MAX} (got ${BATCH_MAX + 1}) (maxRows)` },
  },
  {
    name: 'v2: an input without a name',
    url: '/v2/models/iris/infer',
    payload: json({ inputs: [{ shape: [1, 4], datatype: 'FP32', data: [5.1, 3.5, 1.4, 0.2] }] }),
    status: 400,
    body: { error: 'inputs[0].name: name should not be null or undefined (isDefined)' },
  },
  {
    name: 'v2: no inputs',
    url: '/v2/models/iris/infer',
    payload: json({ inputs: [] }),
    status: 400,
    body: { error: 'inputs must contain at least 1 elements (arrayMinSize)' },
  },
  {
    name: 'v2: a shape that is not a list of integers',
    url: '/v2/models/iris/infer',
    payload: tensor({ shape: [1.5, 4] }),
    status: 400,
    body: { error: 'inputs[0].shape: each value in shape must be an integer number (isInt)' },
  },
  {
    name: 'v2: an unknown requested output',
    url: '/v2/models/iris/infer',
    payload: json({ ...JSON.parse(tensor({})), outputs: [{ name: 'logits' }] }),
    status: 400,
    body: { error: 'outputs[0].name must be one of probabilities, label (isIn)' },
  },
  {
    name: 'v2: an unknown top-level field',
    url: '/v2/models/iris/infer',
    payload: json({ ...JSON.parse(tensor({})), priority: 1 }),
    status: 400,
    body: { error: 'priority: property priority should not exist (whitelistValidation)' },
  },
  {
    name: 'v2: malformed JSON',
    url: '/v2/models/iris/infer',
    payload: '{"inputs": [',
    status: 400,
    body: { error: `body must be valid JSON: ${jsonParseMessage('{"inputs": [')} (json)` },
  },
  {
    name: 'v2: a wrong content type',
    url: '/v2/models/iris/infer',
    payload: tensor({}),
    contentType: 'application/octet-stream',
    status: 415,
    body: { error: 'content-type must be application/json (got "application/octet-stream") (mediaType)' },
  },
  {
    name: 'v2: a body over BODY_LIMIT_BYTES',
    url: '/v2/models/iris/infer',
    payload: tensor({ data: Array(300).fill(5.1) }),
    status: 413,
    body: { error: `body must be at most ${BODY_LIMIT} bytes (maxBytes)` },
  },
  {
    name: 'v2: an unknown model',
    url: '/v2/models/rose/infer',
    payload: tensor({}),
    status: 404,
    body: { error: 'model "rose" is not served here (only "iris")' },
  },
];

describe('bad input', () => {
  let app: TestApp;
  beforeAll(
    async () =>
      (app = await startTestApp({
        BATCH_REQUEST_MAX_INSTANCES: String(BATCH_MAX),
        BODY_LIMIT_BYTES: String(BODY_LIMIT),
      })),
  );
  afterAll(() => app.close());

  for (const c of CASES) {
    it(`${c.url}: ${c.name} → ${c.status}`, async () => {
      const response = await app.inject({
        method: 'POST',
        url: c.url,
        headers: { 'content-type': c.contentType ?? 'application/json' },
        payload: c.payload,
      });

      assert.deepEqual(
        { status: response.statusCode, body: response.json() },
        { status: c.status, body: c.body },
      );
    });
  }

  it('GET of an unknown route → 404 JSON', async () => {
    const response = await app.inject({ method: 'GET', url: '/nope' });

    assert.deepEqual(
      { status: response.statusCode, body: response.json() },
      { status: 404, body: { statusCode: 404, error: 'Not Found', message: 'Cannot GET /nope' } },
    );
  });

  it('GET /v2/models/<unknown> and its ready route → 404 {error}', async () => {
    for (const url of ['/v2/models/rose', '/v2/models/rose/ready']) {
      const response = await app.inject({ method: 'GET', url });

      assert.deepEqual(
        { status: response.statusCode, body: response.json() },
        { status: 404, body: { error: 'model "rose" is not served here (only "iris")' } },
      );
    }
  });

  it('still serves a good prediction after all that', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/predict',
      headers: { 'content-type': 'application/json' },
      payload: json(SETOSA),
    });

    assert.equal(response.statusCode, 200);
  });
});
