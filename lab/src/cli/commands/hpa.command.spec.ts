// `lab hpa explain` as users run it: the built CLI spawned on the example inputs, in words and as JSON, with the
// HPA from a manifest variant, from standard input, and on bad input (exit 1, problems with JSON paths, no stack).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { findRepoRoot } from '@iris-lab/service/contracts';

const CLI = join(findRepoRoot(__dirname), 'lab', 'dist', 'src', 'cli', 'main.js');
const EXAMPLES = join(findRepoRoot(), 'lab', 'examples', 'hpa-explain');

function lab(args: string[], stdin?: string) {
  const result = spawnSync(process.execPath, [CLI, 'hpa', 'explain', ...args], {
    encoding: 'utf8',
    input: stdin,
    timeout: 20_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('lab hpa explain', () => {
  it('explains a decision in words: the desired count, the numbered steps, the conditions', () => {
    const { status, stdout, stderr } = lab([join(EXAMPLES, 'report-001-scale-up.json')]);
    assert.equal(stderr, '');
    assert.equal(status, 0);
    assert.match(stdout, /^HPA from input; 4 current replicas; 4 pods; now 2026-03-01T10:02:00\.000Z\./);
    assert.match(
      stdout,
      /\nDesired replicas: 5 \(scale from 4: cpu resource utilization \(percentage of request\) above target\)\n/,
    );
    assert.match(
      stdout,
      /\n {3}3\. cpu: the ratio points to a scale-up, so the unready pod iris-d counts as using nothing\.\n/,
    );
    assert.match(stdout, /\n {2}ScalingLimited False DesiredWithinRange: /);
  });

  it('prints the same decision as JSON with --json', () => {
    const { status, stdout } = lab(['--json', join(EXAMPLES, 'report-001-scale-up.json')]);
    assert.equal(status, 0);
    const document = JSON.parse(stdout);
    assert.equal(document.desiredReplicas, 5);
    assert.equal(document.rescale, true);
    assert.equal(
      document.steps.at(-1).text,
      'Result: scale from 4 to 5 replicas (cpu resource utilization (percentage of request) above target).',
    );
    assert.deepEqual(document.next.scaleEvents.at(-1), {
      time: '2026-03-01T10:02:00.000Z',
      from: 4,
      replicas: 5,
    });
    const words = lab([join(EXAMPLES, 'report-001-scale-up.json')]).stdout;
    for (const step of document.steps) assert.ok(words.includes(step.text), step.text);
  });

  it('takes the HPA from the manifests with --hpa-variant', () => {
    const { status, stdout } = lab(['--hpa-variant', 'report-004', join(EXAMPLES, 'report-004-at-max.json')]);
    assert.equal(status, 0);
    assert.match(
      stdout,
      /^HPA from report-004 \(k8s\/base\/hpa\.yaml patched by k8s\/components\/hpa-report-004\/hpa\.yaml\)/,
    );
    assert.match(stdout, /ScalingLimited True TooManyReplicas/);
  });

  it('reads standard input with -', () => {
    const { status, stdout } = lab(['-'], readFileSync(join(EXAMPLES, 'docs-double.json'), 'utf8'));
    assert.equal(status, 0);
    assert.match(stdout, /Desired replicas: 4 \(scale from 2: cpu resource above target\)/);
  });

  it('runs every example', () => {
    for (const [file, variant] of [
      ['docs-double.json'],
      ['missing-metrics-scale-down.json'],
      ['report-004-at-max.json', 'report-004'],
    ]) {
      const { status, stderr } = lab([...(variant ? ['--hpa-variant', variant] : []), join(EXAMPLES, file)]);
      assert.equal(status, 0, `${file}: ${stderr}`);
    }
  });

  it('rejects bad input with exit code 1 and every problem with its JSON path, never a stack trace', () => {
    const bad = JSON.stringify({
      hpa: { maxReplicas: 3 },
      currentReplicas: 2,
      pods: [
        { name: 'a', cpuRequest: 'lots', ready: 1, phase: 'Running', startTime: '2026-03-01T09:00:00Z' },
      ],
    });
    const { status, stdout, stderr } = lab(['-'], bad);
    assert.equal(status, 1);
    assert.equal(stdout, '');
    assert.equal(
      stderr,
      'lab hpa explain: -: invalid input:\n' +
        '  - $.pods[0].cpuRequest: "lots" is not a Kubernetes quantity (examples: 200m, 0.5, 128Mi, 1Gi, 2e3)\n' +
        '  - $.pods[0].ready: must be boolean\n' +
        '  - $.hpa: missing required field "scaleTargetRef"\n',
    );
  });

  it('rejects a missing file and an unknown variant without a stack trace', () => {
    const missing = lab([join(EXAMPLES, 'no-such-file.json')]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /cannot read it:\n {2}- ENOENT: no such file or directory/);
    const variant = lab(['--hpa-variant', 'report-999', join(EXAMPLES, 'docs-double.json')]);
    assert.equal(variant.status, 1);
    assert.match(variant.stderr, /Allowed choices are report-001, report-000, report-004/);
    for (const output of [missing.stderr, variant.stderr]) assert.doesNotMatch(output, /\n\s+at /);
  });
});
