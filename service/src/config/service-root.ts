// The service workspace folder (service/package.json, model/), in a checkout and in the image alike.
import { findWorkspaceRoot } from '../contracts/repo-root';

const SERVICE_PACKAGE = '@iris-lab/service';

export function findServiceRoot(): string {
  return findWorkspaceRoot(SERVICE_PACKAGE);
}
