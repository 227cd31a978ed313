// `npm run lab -- …`: runs the lab CLI (lab/dist/src/cli/main.js), building the workspaces first when the build
// is missing or older than the sources, so a fresh checkout or an edited one never runs stale or missing code.
//
// Rule: the build is current when the CLI and the service bundles exist and the bundles are newer than every file
// under lab/src and service/src. `npm run build` rewrites the bundles on every run (esbuild always writes) after
// compiling the lab, so they date the last whole build; tsc's own outputs do not (its incremental build leaves
// unchanged files as they were).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'lab', 'dist', 'src', 'cli', 'main.js');
const bundles = ['main.js', 'register.js', 'tracing.js'].map((file) =>
  join(root, 'service', 'dist', 'src', 'bundle', file),
);
const sourceDirs = [join(root, 'lab', 'src'), join(root, 'service', 'src')];
const BUILD = ['npm', 'run', 'build'];

/** Why the build must run first, or undefined when it is current. */
function staleBecause() {
  const missing = [cli, ...bundles].find((file) => !existsSync(file));
  if (missing) return `${relative(root, missing)} is missing`;
  const builtAt = Math.min(...bundles.map((file) => statSync(file).mtimeMs));
  for (const dir of sourceDirs) {
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = join(entry.parentPath ?? entry.path, entry.name);
      if (statSync(file).mtimeMs > builtAt) return `${relative(root, file)} changed after the last build`;
    }
  }
  return undefined;
}

// The command to run again, each argument quoted for a POSIX shell where it needs it, so it can be pasted as is.
const shellWord = (arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`);
const again = ['npm run lab --', ...process.argv.slice(2).map(shellWord)].join(' ');
if (!existsSync(join(root, 'node_modules'))) {
  // Building cannot help before the dependencies are installed.
  console.error(`lab: the dependencies are not installed. Run: npm ci && ${again}`);
  process.exit(1);
}
const reason = staleBecause();
if (reason) {
  console.error(`lab: ${reason}; building first (${BUILD.join(' ')}) …`);
  const build = spawnSync(BUILD[0], BUILD.slice(1), { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error(`lab: the build failed (see above). Fix it, then run: ${BUILD.join(' ')} && ${again}`);
    process.exit(1);
  }
}
// In this process, not a child: Ctrl-C and the exit code reach the CLI exactly as with `node lab/dist/…/main.js`
// (commander reads process.argv from index 2, where the lab's arguments are here too).
await import(pathToFileURL(cli).href);
