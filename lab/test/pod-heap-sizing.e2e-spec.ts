// A pod runs the service under the Deployment's memory limit, and Node sizes V8's heap from such a limit: under
// 512Mi it caps a semi-space at 1 MiB, and the young generation's many small collections cost the service CPU per
// request (service/README.md, "In a pod's memory limit"). The Deployment's NODE_OPTIONS give it back the young
// generation the service is measured with. Checked with Node's own heap sizing, in a memory cgroup holding the
// Deployment's limit: allocation grows the new space far past the cap with the Deployment's NODE_OPTIONS, and not
// without them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe } from '@jest/globals';
import { loadDeploymentManifest } from '../src/manifests/deployment-manifest';
import { prepareCgroupParent, removeCgroup } from '../src/targets/local/limits/cgroup-parent';
import { itUnless } from './support/skip';

/** Allocates like a busy request handler (short-lived objects, some surviving a while), then reports the heap. */
const HEAP_REPORT = `
const v8 = require('node:v8');
let window = [];
for (let i = 0; i < 3e6; i++) {
  window.push({ id: i, values: [i, i + 1], label: 'row' + (i % 100) });
  if (window.length > 20000) window = [];
}
const newSpace = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
console.log(JSON.stringify({ constrainedMemory: process.constrainedMemory(), newSpaceBytes: newSpace.space_size }));
`;

interface HeapReport {
  constrainedMemory: number;
  newSpaceBytes: number;
}

const MiB = 2 ** 20;
const deployment = loadDeploymentManifest();
const memoryLimit = deployment.resources.limits.memoryBytes;
const nodeOptions = deployment.env.find((variable) => variable.name === 'NODE_OPTIONS')?.value;
const parent = prepareCgroupParent(`iris-lab-heaptest-${process.pid}`, undefined, undefined, 'memory');

/** Runs HEAP_REPORT in its own memory cgroup under the Deployment's limit, with these NODE_OPTIONS. */
function heapReportInPod(name: string, options: string | undefined): HeapReport {
  if (!parent.available || memoryLimit === undefined) throw new Error('no memory cgroup or no memory limit');
  const group = join(parent.dir, name);
  mkdirSync(group);
  writeFileSync(
    join(group, parent.version === 2 ? 'memory.max' : 'memory.limit_in_bytes'),
    String(memoryLimit),
  );
  try {
    // The shell joins the group, then becomes node: the process starts under the limit as a container's would.
    const run = spawnSync(
      'sh',
      ['-c', `echo $$ > '${group}/cgroup.procs' && exec "$0" -e "$1"`, process.execPath, HEAP_REPORT],
      {
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: options ?? '' },
      },
    );
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(run.stdout) as HeapReport;
  } finally {
    removeCgroup(group);
  }
}

describe("the Deployment's pods under their memory limit", () => {
  afterAll(() => {
    if (parent.available) removeCgroup(parent.dir);
  });

  itUnless(!parent.available && `no memory cgroup can be made here: ${parent.reason}`)(
    "keep the young generation the service is measured with, through the Deployment's NODE_OPTIONS",
    () => {
      assert.ok(
        memoryLimit,
        `${deployment.file} sets a memory limit on container ${deployment.containerName}`,
      );
      assert.match(nodeOptions ?? '', /--max-semi-space-size=\d+/, `${deployment.file} sets NODE_OPTIONS`);

      const shipped = heapReportInPod('with-node-options', nodeOptions);
      const bare = heapReportInPod('without-node-options', undefined);

      // Both ran under the limit, so Node sized the heap from it.
      assert.equal(shipped.constrainedMemory, memoryLimit);
      assert.equal(bare.constrainedMemory, memoryLimit);
      const semiSpaceMiB = Number(/--max-semi-space-size=(\d+)/.exec(nodeOptions!)![1]);
      // The new space holds two semi-spaces and grows toward them under allocation; without the option the limit
      // keeps it at a fraction of that.
      assert.ok(
        shipped.newSpaceBytes >= semiSpaceMiB * MiB,
        `new space ${shipped.newSpaceBytes / MiB} MiB with NODE_OPTIONS=${nodeOptions}`,
      );
      assert.ok(
        bare.newSpaceBytes * 4 <= shipped.newSpaceBytes,
        `new space ${bare.newSpaceBytes / MiB} MiB without NODE_OPTIONS, ${shipped.newSpaceBytes / MiB} MiB with`,
      );
    },
  );
});
