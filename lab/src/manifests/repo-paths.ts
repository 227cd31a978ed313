// Where things are in the repository, from the compiled lab (lab/dist/src/manifests) or its source under Jest.
import { join } from 'node:path';
import { findRepoRoot } from '@iris-lab/service/contracts';

export const repoRoot = findRepoRoot(__dirname);
export const serviceDir = join(repoRoot, 'service');
// The service's bundles (service/scripts/bundle.mjs): what its image runs, so the lab's pods start the same way.
export const serviceEntry = join(serviceDir, 'dist', 'src', 'bundle', 'main.js');
export const serviceTelemetryRegister = join(serviceDir, 'dist', 'src', 'bundle', 'register.js');
export const locustfile = join(repoRoot, 'lab', 'locust', 'locustfile.py');
