// Both load generators mark their traffic the same way: the embedded swarm's SYNTHETIC_HEADERS equal the
// locustfile's, read by Python's own parser (ast.literal_eval of the assignment, any python3), not by a regex of ours.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from '@jest/globals';
import { locustfile } from '../manifests/repo-paths';
import { SYNTHETIC_HEADERS } from './synthetic-traffic';

const READ_ASSIGNMENT = `
import ast, json, sys
tree = ast.parse(open(sys.argv[1], encoding="utf-8").read())
value = next(node.value for node in tree.body if isinstance(node, ast.Assign)
             and any(getattr(target, "id", None) == "SYNTHETIC_HEADERS" for target in node.targets))
print(json.dumps(ast.literal_eval(value)))
`;

describe('synthetic-traffic headers', () => {
  it('are the ones lab/locust/locustfile.py sends', () => {
    const fromLocustfile: unknown = JSON.parse(
      execFileSync('python3', ['-c', READ_ASSIGNMENT, locustfile], { encoding: 'utf8' }),
    );

    assert.deepEqual(fromLocustfile, { ...SYNTHETIC_HEADERS });
    assert.deepEqual(SYNTHETIC_HEADERS, { 'X-Load-Test': 'iris-lab', baggage: 'synthetic=true' });
  });
});
