// The telemetry names of the service contracts are the ones the files outside TypeScript use: the locustfile
// marks its load as the embedded swarm does (its SYNTHETIC_HEADERS read by Python's own parser, ast.literal_eval
// of the assignment, not by a regex of ours), and the Deployment names the service as its spans do.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from '@jest/globals';
import { SERVICE_NAME, SYNTHETIC_HEADERS } from '@iris-lab/service/contracts';
import { loadDeploymentManifest } from '../src/manifests';
import { locustfile } from '../src/manifests/repo-paths';

const READ_ASSIGNMENT = `
import ast, json, sys
tree = ast.parse(open(sys.argv[1], encoding="utf-8").read())
value = next(node.value for node in tree.body if isinstance(node, ast.Assign)
             and any(getattr(target, "id", None) == "SYNTHETIC_HEADERS" for target in node.targets))
print(json.dumps(ast.literal_eval(value)))
`;

describe('telemetry names outside TypeScript', () => {
  it("lab/locust/locustfile.py sends the contract's synthetic-traffic headers", () => {
    const fromLocustfile: unknown = JSON.parse(
      execFileSync('python3', ['-c', READ_ASSIGNMENT, locustfile], { encoding: 'utf8' }),
    );

    assert.deepEqual(fromLocustfile, { ...SYNTHETIC_HEADERS });
    assert.deepEqual({ ...SYNTHETIC_HEADERS }, { 'X-Load-Test': 'iris-lab', baggage: 'synthetic=true' });
  });

  it("k8s/base/deployment.yaml's OTEL_SERVICE_NAME is the contract's service name", () => {
    const env = loadDeploymentManifest().env;
    assert.equal(env.find((variable) => variable.name === 'OTEL_SERVICE_NAME')?.value, SERVICE_NAME);
  });
});
