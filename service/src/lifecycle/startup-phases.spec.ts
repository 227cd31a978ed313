import assert from 'node:assert/strict';
import { beforeEach, describe, it } from '@jest/globals';
import { STARTUP_MARKS, markStartup, startupPhasesMs } from './startup-phases';

/** Marks at the given times (ms since the process start), in the order given. */
function markAt(times: Partial<Record<(typeof STARTUP_MARKS)[number], number>>): void {
  for (const [mark, at] of Object.entries(times)) markStartup(mark as (typeof STARTUP_MARKS)[number], at);
}

describe('startup phases', () => {
  beforeEach(() => {
    for (const mark of STARTUP_MARKS) performance.clearMarks(`iris.startup.${mark}`);
  });

  it('splits the time to listening into modules, app and model, tracing off', () => {
    markAt({ 'modules-loaded': 300, 'model-loading': 350, 'model-ready': 410.04, listening: 450 });

    assert.deepEqual(startupPhasesMs(), { modules: 300, app: 90, model: 60, total: 450 });
  });

  it('counts the modules from tracing started when tracing is on', () => {
    markAt({
      'tracing-started': 120,
      'modules-loaded': 400,
      'model-loading': 420,
      'model-ready': 470,
      listening: 500,
    });

    assert.deepEqual(startupPhasesMs(), { tracing: 120, modules: 280, app: 50, model: 50, total: 500 });
  });

  it('reads the latest marks (an app built again in the same process)', () => {
    markAt({ 'modules-loaded': 10, 'model-loading': 20, 'model-ready': 30, listening: 40 });
    markAt({ 'modules-loaded': 100, 'model-loading': 200, 'model-ready': 260, listening: 300 });

    assert.deepEqual(startupPhasesMs(), { modules: 100, app: 140, model: 60, total: 300 });
  });

  it('gives nothing while a phase has not ended', () => {
    markAt({ 'modules-loaded': 300, 'model-loading': 350, 'model-ready': 410 });

    assert.equal(startupPhasesMs(), undefined);
  });

  it('marks now by default', () => {
    const before = performance.now();
    markStartup('listening');
    const [mark] = performance.getEntriesByName('iris.startup.listening', 'mark');

    assert.ok(mark.startTime >= before && mark.startTime <= performance.now());
  });
});
