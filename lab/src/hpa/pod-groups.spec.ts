// groupPods, table for table from kubernetes/kubernetes replica_calculator_test.go TestGroupPods, with its
// constants: a 2 min CPU initialization period and a 10 s initial readiness delay.
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { PodGroups, PodSample } from './controller-types';
import { DEFAULT_CONTROLLER_OPTIONS } from './defaults';
import type { ResourceName } from './hpa-api';
import { groupPods } from './pod-groups';
import { NOW, secondsAgo } from '../../test/support/hpa-fixtures';

const K8S_TEST_OPTIONS = {
  ...DEFAULT_CONTROLLER_OPTIONS,
  cpuInitializationPeriodSeconds: 120,
  initialReadinessDelaySeconds: 10,
};

const sample = (name: string, fields: Partial<PodSample>): PodSample => ({
  name,
  phase: 'Succeeded',
  ready: false,
  requests: {},
  usage: { cpu: 1, memory: 1 },
  ...fields,
});

interface Case {
  name: string;
  pods: PodSample[];
  resource?: ResourceName;
  metricWindowSeconds?: number;
  expect: Partial<PodGroups>;
}

const cases: Case[] = [
  { name: 'void', pods: [], expect: {} },
  {
    name: 'count in a ready pod - memory',
    resource: 'memory',
    pods: [sample('bentham', {})],
    expect: { counted: ['bentham'] },
  },
  {
    name: 'unready a pod without ready condition - CPU',
    pods: [sample('lucretius', { startTime: NOW })],
    expect: { unready: ['lucretius'] },
  },
  {
    name: 'count in a ready pod with fresh metrics during initialization period - CPU',
    metricWindowSeconds: 30,
    pods: [
      sample('bentham', {
        startTime: secondsAgo(60),
        ready: true,
        readyTransitionTime: secondsAgo(30),
        metricsTime: NOW,
      }),
    ],
    expect: { counted: ['bentham'] },
  },
  {
    name: 'unready a ready pod without fresh metrics during initialization period - CPU',
    metricWindowSeconds: 60,
    pods: [
      sample('bentham', {
        startTime: secondsAgo(60),
        ready: true,
        readyTransitionTime: secondsAgo(30),
        metricsTime: NOW,
      }),
    ],
    expect: { unready: ['bentham'] },
  },
  {
    name: 'unready an unready pod during initialization period - CPU',
    pods: [sample('lucretius', { startTime: secondsAgo(600), readyTransitionTime: secondsAgo(594) })],
    expect: { unready: ['lucretius'] },
  },
  {
    name: 'count in a ready pod without fresh metrics after initialization period - CPU',
    metricWindowSeconds: 60,
    pods: [
      sample('bentham', {
        startTime: secondsAgo(180),
        ready: true,
        readyTransitionTime: secondsAgo(180),
        metricsTime: secondsAgo(120),
      }),
    ],
    expect: { counted: ['bentham'] },
  },
  {
    name: 'count in an unready pod that was ready after initialization period - CPU',
    pods: [sample('lucretius', { startTime: secondsAgo(600), readyTransitionTime: secondsAgo(540) })],
    expect: { counted: ['lucretius'] },
  },
  {
    name: 'unready pod that has never been ready after initialization period - CPU (transition exactly at the delay: counted)',
    pods: [sample('lucretius', { startTime: secondsAgo(600), readyTransitionTime: secondsAgo(590) })],
    expect: { counted: ['lucretius'] },
  },
  {
    name: 'a missing pod',
    pods: [sample('epicurus', { startTime: secondsAgo(180), usage: {} })],
    expect: { missing: ['epicurus'] },
  },
  {
    name: 'several pods',
    pods: [
      sample('lucretius', { startTime: NOW }),
      sample('niccolo', { startTime: secondsAgo(180), ready: true, readyTransitionTime: secondsAgo(180) }),
      sample('epicurus', { startTime: secondsAgo(180), usage: {} }),
    ],
    expect: { counted: ['niccolo'], unready: ['lucretius'], missing: ['epicurus'] },
  },
  {
    name: 'pending pods are unreadied',
    pods: [sample('unscheduled', { phase: 'Pending', usage: {} })],
    expect: { unready: ['unscheduled'] },
  },
  {
    name: 'ignore pods with deletion timestamps',
    pods: [sample('deleted', { phase: 'Pending', deleting: true })],
    expect: { ignored: ['deleted'] },
  },
  {
    name: 'ignore pods in a failed state',
    pods: [sample('failed', { phase: 'Failed' })],
    expect: { ignored: ['failed'] },
  },
];

describe('groupPods (k8s TestGroupPods)', () => {
  for (const testCase of cases) {
    it(testCase.name, () => {
      const options = { ...K8S_TEST_OPTIONS, metricWindowSeconds: testCase.metricWindowSeconds ?? 60 };
      const { groups } = groupPods(testCase.pods, testCase.resource ?? 'cpu', NOW, options);
      assert.deepEqual(groups, { counted: [], unready: [], missing: [], ignored: [], ...testCase.expect });
    });
  }
});
