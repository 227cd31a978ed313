// Where things are in the repository, from the compiled runner (lab/dist/src/runner).
import { join } from 'node:path';

export const repoRoot = join(__dirname, '..', '..', '..', '..');
export const serviceDir = join(repoRoot, 'service');
export const serviceEntry = join(serviceDir, 'dist', 'src', 'main.js');
export const serviceTelemetryRegister = join(serviceDir, 'dist', 'src', 'telemetry', 'register.js');
export const locustfile = join(repoRoot, 'lab', 'locust', 'locustfile.py');
