import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { nonNegativeInteger, nonNegativeNumber, portNumber, positiveInteger } from './option-parsers';

describe('CLI option parsers', () => {
  it('positiveInteger accepts 1 and up, refuses 0, fractions and words', () => {
    assert.equal(positiveInteger('--users')('150'), 150);
    for (const bad of ['0', '-3', '1.5', 'ten', '']) {
      assert.throws(() => positiveInteger('--users')(bad), /--users must be a positive integer/);
    }
  });

  it('nonNegativeInteger accepts 0 and up, refuses fractions (the service would refuse to start)', () => {
    assert.equal(nonNegativeInteger('--max-requests-per-socket')('0'), 0);
    assert.equal(nonNegativeInteger('--max-requests-per-socket')('100'), 100);
    for (const bad of ['1.5', '-1', 'NaN', 'x']) {
      assert.throws(() => nonNegativeInteger('--max-requests-per-socket')(bad), /must be an integer >= 0/);
    }
  });

  it('nonNegativeNumber accepts fractions, refuses negatives and infinities', () => {
    assert.equal(nonNegativeNumber('--model-cost-ms')('0.5'), 0.5);
    for (const bad of ['-0.1', 'Infinity', 'abc']) {
      assert.throws(() => nonNegativeNumber('--model-cost-ms')(bad), /--model-cost-ms must be a number >= 0/);
    }
  });

  it('portNumber accepts 0 (a free port) to 65535, refuses anything else, the empty text included', () => {
    assert.equal(portNumber('--ui-port')('0'), 0);
    assert.equal(portNumber('--ui-port')('65535'), 65535);
    for (const bad of ['65536', '-1', '80.5', '', ' ', 'http']) {
      assert.throws(() => portNumber('--ui-port')(bad), /--ui-port must be a port number from 0/);
    }
  });
});
