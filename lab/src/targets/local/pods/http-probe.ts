// One httpGet probe attempt, as the kubelet does it: success is a status in 200..399 within timeoutSeconds.
import { request } from 'node:http';

export function probeOnce(port: number, path: string, timeoutSeconds: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', agent: false }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 400);
    });
    req.setTimeout(timeoutSeconds * 1000, () => req.destroy(new Error('probe timeout')));
    req.on('error', () => resolve(false));
    req.end();
  });
}
