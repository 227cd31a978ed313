import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { pythonFixed6, pythonFloat, pythonRound } from './python-format';

describe('Python number formats', () => {
  it('prints floats as repr() does', () => {
    assert.equal(pythonFloat(35), '35.0');
    assert.equal(pythonFloat(0), '0.0');
    assert.equal(pythonFloat(29.49883209847764), '29.49883209847764');
    assert.equal(pythonFloat(0.0001), '0.0001');
    assert.equal(pythonFloat(0.00001), '1e-05');
    assert.equal(pythonFloat(1.5e-7), '1.5e-07');
    assert.equal(pythonFloat(1e16), '1e+16');
    assert.equal(pythonFloat(123456789012345.0), '123456789012345.0');
  });

  it("prints Locust's history rates with six decimals", () => {
    assert.equal(pythonFixed6(10.333333333), '10.333333');
    assert.equal(pythonFixed6(0), '0.000000');
  });

  it('rounds half to even like Python round()', () => {
    assert.deepEqual(
      [0.5, 1.5, 2.5, 2.6].map((value) => pythonRound(value)),
      [0, 2, 2, 3],
    );
    assert.equal(pythonRound(145, -1), 140);
    assert.equal(pythonRound(155, -1), 160);
    assert.equal(pythonRound(3450, -2), 3400);
  });
});
