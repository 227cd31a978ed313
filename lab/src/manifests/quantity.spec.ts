// The Kubernetes quantity grammar (apimachinery resource.Quantity) and its rounding: MilliValue() and Value()
// round up.
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { cpuMillicores, memoryBytes, parseQuantity } from './quantity';

describe('parseQuantity', () => {
  it('reads decimal SI suffixes (n, u, m, none, k, M, G, T, P, E)', () => {
    assert.equal(cpuMillicores('200m'), 200);
    assert.equal(cpuMillicores('1'), 1000);
    assert.equal(cpuMillicores('2k'), 2_000_000);
    assert.equal(memoryBytes('1M'), 1_000_000);
    assert.equal(memoryBytes('1G'), 1_000_000_000);
    assert.equal(memoryBytes('1T'), 1e12);
    assert.equal(parseQuantity('250000000n').milliValue, 250);
    assert.equal(parseQuantity('1500u').milliValue, 2, '1.5 milli rounds up to 2');
    assert.equal(parseQuantity('1P').approximate, 1e15);
    assert.equal(parseQuantity('2E').approximate, 2e18);
  });

  it('reads binary SI suffixes (Ki, Mi, Gi, Ti, Pi, Ei)', () => {
    assert.equal(memoryBytes('128Mi'), 134_217_728);
    assert.equal(memoryBytes('1Ki'), 1024);
    assert.equal(memoryBytes('1.5Gi'), 1_610_612_736);
    assert.equal(memoryBytes('1Ti'), 2 ** 40);
    assert.equal(parseQuantity('1Pi').approximate, 2 ** 50);
    assert.equal(parseQuantity('1Ei').approximate, 2 ** 60);
  });

  it('reads decimal exponents, with e or E and a sign', () => {
    assert.equal(memoryBytes('1e3'), 1000);
    assert.equal(memoryBytes('1E3'), 1000);
    assert.equal(cpuMillicores('5e-3'), 5);
    assert.equal(memoryBytes('12e+2'), 1200);
  });

  it('reads every number form: digits, digits.digits, digits., .digits, signs, YAML numbers', () => {
    assert.equal(cpuMillicores('0.5'), 500);
    assert.equal(cpuMillicores('.25'), 250);
    assert.equal(cpuMillicores('2.'), 2000);
    assert.equal(cpuMillicores('+1'), 1000);
    assert.equal(cpuMillicores(1.5), 1500);
    assert.equal(parseQuantity('-0.1').approximate, -0.1);
    assert.equal(parseQuantity('0.05').approximate, 0.05);
  });

  it('rounds up like MilliValue()/Value(): 0.5m is 1 millicore, 0.5 bytes is 1 byte', () => {
    assert.equal(cpuMillicores('0.5m'), 1);
    assert.equal(cpuMillicores('100n'), 1);
    assert.equal(memoryBytes('0.5'), 1);
    assert.equal(cpuMillicores('0'), 0);
  });

  it('is exact where floating point is not: 0.1 + 0.2 style inputs and large binary values', () => {
    assert.equal(cpuMillicores('0.3'), 300);
    assert.equal(cpuMillicores('1.001'), 1001);
    assert.equal(memoryBytes('3.3Gi'), 3543348020);
  });

  it('refuses what is not a quantity, naming it', () => {
    for (const text of ['', 'abc', '12x', 'Mi', '1.2.3', '1 Mi', '1mi', '1e', '1e1.5', '0x10']) {
      assert.throws(() => parseQuantity(text), /is not a Kubernetes quantity/, text);
    }
  });

  it('refuses negative cpu and memory amounts', () => {
    assert.throws(() => cpuMillicores('-1'), /is negative/);
    assert.throws(() => memoryBytes('-1Mi'), /is negative/);
  });

  it('refuses cpu and memory amounts beyond 2^53 rather than losing precision', () => {
    assert.throws(() => cpuMillicores('10P'), /too large/);
    assert.throws(() => memoryBytes('100Ei'), /too large/);
  });
});
