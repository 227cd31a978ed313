// Local sockets that fail the way a cluster's endpoints do, to record the failure texts the load generators write
// for each: a closed port (refused), a server that resets the connection once the request arrives, one that never
// answers (the client times out), and HTTP answers of 503 (the service's readiness body while draining), 500,
// 404 and a 200 whose body is not a prediction.
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';

export type FailingEndpointKind =
  'refused' | 'reset' | 'silent' | 'status-503' | 'status-500' | 'status-404' | 'bad-body';

export interface FailingEndpoints {
  ports: Record<FailingEndpointKind, number>;
  close(): Promise<void>;
}

type AnyServer = HttpServer | TcpServer;

const listen = (server: AnyServer): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });

/** Terminus' answer to a readiness check while the service drains after SIGTERM. */
const DRAINING_BODY = {
  status: 'error',
  info: { model: { status: 'up' } },
  error: { shutdown: { status: 'down', message: 'draining after SIGTERM' } },
};

function answering(status: number, body: unknown): HttpServer {
  return createHttpServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    });
  });
}

export async function startFailingEndpoints(): Promise<FailingEndpoints> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const closed = createTcpServer();
  const refusedPort = await listen(closed);
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const servers: Record<Exclude<FailingEndpointKind, 'refused'>, AnyServer> = {
    reset: createTcpServer((socket) => {
      track(socket);
      socket.once('data', () => socket.resetAndDestroy());
    }),
    silent: createTcpServer((socket) => {
      track(socket);
      socket.resume();
    }),
    'status-503': answering(503, DRAINING_BODY),
    'status-500': answering(500, { statusCode: 500, error: 'Internal Server Error', message: 'boom' }),
    'status-404': answering(404, { statusCode: 404, error: 'Not Found', message: 'Cannot POST' }),
    'bad-body': answering(200, { flower: 'rose' }),
  };
  for (const server of Object.values(servers)) server.on('connection', track);
  const ports = { refused: refusedPort } as Record<FailingEndpointKind, number>;
  for (const [kind, server] of Object.entries(servers))
    ports[kind as FailingEndpointKind] = await listen(server);
  return {
    ports,
    async close() {
      for (const socket of sockets) socket.destroy();
      await Promise.all(
        Object.values(servers).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
      );
    },
  };
}
