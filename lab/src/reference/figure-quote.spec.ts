import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { figureInQuote, numbersIn } from './figure-quote';

describe('figureInQuote', () => {
  it('reads the numbers of a quote, thousands separators dropped', () => {
    assert.deepEqual(numbersIn('- **Failures**: 2,341 (2.61%)'), [2341, 2.61]);
    assert.deepEqual(numbersIn('wrk -t6 -c150 -d60s'), [6, 150, 60]);
  });

  it('finds a number as a whole number of the quote, however the report writes its decimals', () => {
    assert.equal(figureInQuote(93.5, '| **Throughput (req/s)** | 93.50     | 182.39    |'), true);
    assert.equal(figureInQuote(45632, '- **Total Requests**: 45,632'), true);
    assert.equal(figureInQuote(304.2, '- **Requests/sec**: 304.25'), false);
    assert.equal(figureInQuote(30, '- **Requests/sec**: 304.2'), false);
  });

  it('finds a quantity as a whole word only', () => {
    assert.equal(figureInQuote('200m', '2. **CPU per Pod (200m limit)**'), true);
    assert.equal(figureInQuote('200m', 'cpu: "1200m"'), false);
    assert.equal(figureInQuote('128Mi', 'memory: "128Mi"'), true);
    assert.equal(figureInQuote('128Mi', 'memory: "1.128Mi"'), false);
  });
});
