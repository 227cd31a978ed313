import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { loadProfile } from '../profiles/profiles';
import { pickTask } from './iris-tasks';
import { sampleIris } from './iris-inputs';
import { assignUserClasses, offeredRatePerUser } from './user-mix';

const classes = [
  { name: 'IrisPredictionAPIUser', weight: 6, waitTime: [0.5, 2] as [number, number] },
  { name: 'HighLoadUser', weight: 3, waitTime: [0.1, 0.5] as [number, number] },
  { name: 'StressTestUser', weight: 1, waitTime: [0.05, 0.2] as [number, number] },
];

describe('user classes and tasks', () => {
  it('follows the weighted mix exactly for any whole number of users', () => {
    const tally = (n: number) =>
      assignUserClasses(classes, n).reduce((m, c) => m.set(c.name, (m.get(c.name) ?? 0) + 1), new Map());
    assert.deepEqual(Object.fromEntries(tally(150)), {
      IrisPredictionAPIUser: 90,
      HighLoadUser: 45,
      StressTestUser: 15,
    });
    assert.deepEqual(Object.fromEntries(tally(10)), {
      IrisPredictionAPIUser: 6,
      HighLoadUser: 3,
      StressTestUser: 1,
    });
    // A prefix (users spawned so far) stays close to the mix too.
    assert.equal(assignUserClasses(classes, 3).filter((c) => c.name === 'IrisPredictionAPIUser').length, 2);
  });

  it('offers 1 / mean wait requests per second per user', () => {
    assert.equal(offeredRatePerUser(classes[0]), 1 / 1.25);
    assert.ok(Math.abs(offeredRatePerUser(classes[1], 0.1) - 1 / 0.4) < 1e-9);
  });

  it('picks tasks in proportion to their weights', () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const counts = { predict: 0, predictBatch: 0, modelCard: 0 };
    for (let i = 0; i < 12000; i++)
      counts[pickTask({ predict: 10, predictBatch: 1, modelCard: 1 }, random)]++;
    assert.ok(Math.abs(counts.predict - 10000) < 300, `predict ${counts.predict}`);
    assert.ok(Math.abs(counts.modelCard - 1000) < 150, `modelCard ${counts.modelCard}`);
  });

  it('draws Iris inputs inside the observed range of each species', () => {
    const { irisInputs } = loadProfile('demo');
    const ranges = Object.values(irisInputs);
    for (let i = 0; i < 500; i++) {
      const flower = Object.values(sampleIris(irisInputs));
      assert.ok(
        ranges.some(({ min, max }) => flower.every((v, f) => v >= min[f] - 0.05 && v <= max[f] + 0.05)),
        `${flower}`,
      );
    }
  });
});
