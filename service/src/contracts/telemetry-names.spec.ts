import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_ROUTE,
  ATTR_URL_PATH,
} from '@opentelemetry/semantic-conventions';
import { HTTP_SPAN_ATTRIBUTES, SPAN_ATTRIBUTES } from './telemetry-names';

describe('telemetry names', () => {
  it('writes the stable semantic-convention names exactly as the package defines them', () => {
    assert.equal(SPAN_ATTRIBUTES.errorType, ATTR_ERROR_TYPE);
    assert.equal(HTTP_SPAN_ATTRIBUTES.method, ATTR_HTTP_REQUEST_METHOD);
    assert.equal(HTTP_SPAN_ATTRIBUTES.route, ATTR_HTTP_ROUTE);
    assert.equal(HTTP_SPAN_ATTRIBUTES.path, ATTR_URL_PATH);
  });
});
