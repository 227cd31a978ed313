// Runs node's built-in test runner on every compiled spec under the given folder.
// Node 20's `node --test DIR` only knows *.test.js names; ours follow Nest's *.spec / *.e2e-spec convention.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2] ?? 'dist';
const specs = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((file) => /\.(e2e-)?spec\.js$/.test(file))
  .map((file) => join(root, file))
  .sort();
if (specs.length === 0) {
  console.error(`no spec files under ${root}: did the build run?`);
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const result = spawnSync(process.execPath, ['--test', `--test-concurrency=${concurrency}`, ...specs], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
