import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { V1Deployment } from '@kubernetes/client-node';
import { loadConditions } from '../../profiles/profiles';
import {
  containerPatch,
  containerSettingsOf,
  currentSettings,
  describeSettings,
  hasSettings,
} from './container-conditions';

const deployment = (container: object): V1Deployment =>
  JSON.parse(
    JSON.stringify({
      spec: { selector: {}, template: { spec: { containers: [{ name: 'iris', ...container }] } } },
    }),
  );

describe("the conditions' settings of the iris container", () => {
  const wanted = containerSettingsOf(loadConditions('report-000'));

  it('are the leaves the conditions set, patched as nested maps', () => {
    assert.equal(describeSettings(wanted), 'resources.requests.cpu=250m, resources.limits.cpu=500m');
    assert.deepEqual(containerPatch(wanted), {
      resources: { requests: { cpu: '250m' }, limits: { cpu: '500m' } },
    });
    assert.deepEqual(containerSettingsOf(loadConditions('lab')), []);
  });

  it('compare quantities by amount and read a missing field as unset (null, removed again on restore)', () => {
    const current = currentSettings(deployment({ resources: { requests: { cpu: '0.25' } } }), wanted);
    assert.equal(describeSettings(current), 'resources.requests.cpu=0.25, resources.limits.cpu=unset');
    assert.equal(hasSettings(current, wanted), false);
    assert.deepEqual(containerPatch(current), {
      resources: { requests: { cpu: '0.25' }, limits: { cpu: null } },
    });
    const same = deployment({ resources: { requests: { cpu: '0.25' }, limits: { cpu: '500m' } } });
    assert.equal(hasSettings(currentSettings(same, wanted), wanted), true);
  });

  it('refuse timings for a probe the container does not have', () => {
    assert.throws(
      () => currentSettings(deployment({}), containerSettingsOf(loadConditions('report-004'))),
      /the conditions time the readinessProbe of Deployment iris, which has none/,
    );
  });
});
