import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { SpanExportCounters } from './metrics/span-export-counters';
import { LostSpanTally } from './lost-span-tally';

describe('LostSpanTally', () => {
  it('sums the last reading of each pod, keeps a pod read before it went, and lists pods never read', async () => {
    const readings = new Map<number, SpanExportCounters[]>([
      [
        1,
        [
          { exported: 10, lost: 1 },
          { exported: 50, lost: 4 },
        ],
      ],
      [2, [{ exported: 30, lost: 2 }]],
    ]);
    const tally = new LostSpanTally(async (port) => {
      const next = readings.get(port)?.shift();
      if (!next) throw new Error('connection refused');
      return next;
    });
    void tally.read([{ name: 'pod-b', port: 2 }]); // deleted by a scale-down: read while it drains
    await tally.read([
      { name: 'pod-a', port: 1 },
      { name: 'pod-c', port: 3 },
    ]);
    await tally.read([
      { name: 'pod-a', port: 1 },
      { name: 'pod-b', port: 2 }, // gone by now: its earlier reading still counts
    ]);
    assert.deepEqual(await tally.totals(), {
      lost: 6,
      podsRead: 2,
      unread: ['pod-c (connection refused)'],
    });
  });
});
