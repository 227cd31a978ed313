// The last resort of an exiting `lab run` (a second Ctrl-C, a crash): a synchronous GET /stop to the Locust
// master through the API server, in a child process, because an exit handler cannot wait for a promise. The
// request (URL and the kubeconfig's credentials) is prepared while the run starts.
import type { KubeConfig } from '@kubernetes/client-node';
import type { RequestOptions } from 'node:https';
import { serviceProxyPath } from './kube-http';

export interface EmergencyRequest {
  url: string;
  options: Pick<RequestOptions, 'headers' | 'ca' | 'cert' | 'key' | 'rejectUnauthorized'>;
}

export async function prepareEmergencyRequest(
  kubeConfig: KubeConfig,
  namespace: string,
): Promise<EmergencyRequest | undefined> {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) return undefined;
  const options: RequestOptions = { headers: {} };
  await kubeConfig.applyToHTTPSOptions(options);
  const path = serviceProxyPath({ namespace, service: 'locust', port: 'web' }, '/stop');
  const { headers, ca, cert, key, rejectUnauthorized } = options;
  return {
    url: `${cluster.server.replace(/\/$/, '')}${path}`,
    options: { headers, ca, cert, key, rejectUnauthorized },
  };
}

const SCRIPT = `
const request = JSON.parse(process.argv[1]);
const client = require(request.url.startsWith('https:') ? 'node:https' : 'node:http');
const options = request.options;
for (const field of ['ca', 'cert', 'key']) if (options[field]) options[field] = Buffer.from(options[field].data ?? options[field]);
client.get(request.url, options, (res) => { res.resume(); res.on('end', () => process.exit(0)); }).on('error', () => process.exit(1));
setTimeout(() => process.exit(1), 4000);
`;

export function emergencyStopCommand(request: EmergencyRequest): { command: string; args: string[] } {
  return { command: process.execPath, args: ['-e', SCRIPT, JSON.stringify(request)] };
}
