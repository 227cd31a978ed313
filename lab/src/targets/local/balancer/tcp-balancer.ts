// The Service: a TCP proxy that, like kube-proxy, picks a ready endpoint once per NEW connection (round-robin or
// random) and then just pipes bytes. A keep-alive connection therefore stays on its pod for its whole life, and
// removing an endpoint only affects new connections (established ones keep flowing, like conntrack entries).
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface Endpoint {
  name: string;
  port: number;
}

export type BalancingMode = 'round-robin' | 'random';

export interface EndpointCounters {
  connections: number;
  open: number;
}

export class TcpBalancer {
  private endpoints: Endpoint[] = [];
  private next = 0;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly counters = new Map<string, EndpointCounters>();
  private refused = 0;

  constructor(private readonly mode: BalancingMode = 'round-robin') {
    this.server = createServer((client) => this.accept(client));
  }

  listen(port = 0, host = '127.0.0.1'): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  /** The EndpointSlice: the ready pods. Called whenever readiness or membership changes. */
  setEndpoints(endpoints: Endpoint[]): void {
    this.endpoints = [...endpoints];
  }

  endpointNames(): string[] {
    return this.endpoints.map((e) => e.name);
  }

  /** Connections accepted per pod since start, and currently open. */
  connectionCounts(): Record<string, EndpointCounters> {
    return Object.fromEntries([...this.counters].map(([name, c]) => [name, { ...c }]));
  }

  refusedConnections(): number {
    return this.refused;
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private pick(): Endpoint | undefined {
    if (this.endpoints.length === 0) return undefined;
    if (this.mode === 'random') return this.endpoints[Math.floor(Math.random() * this.endpoints.length)];
    this.next = (this.next + 1) % this.endpoints.length;
    return this.endpoints[this.next];
  }

  private accept(client: Socket): void {
    const endpoint = this.pick();
    if (!endpoint) {
      // No ready endpoint: kube-proxy rejects the connection (ICMP reject → ECONNREFUSED on the client).
      this.refused++;
      client.resetAndDestroy();
      return;
    }
    const counters = this.counters.get(endpoint.name) ?? { connections: 0, open: 0 };
    this.counters.set(endpoint.name, counters);
    counters.connections++;
    counters.open++;
    const upstream = connect({ host: '127.0.0.1', port: endpoint.port });
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.setNoDelay(true);
      socket.once('close', () => this.sockets.delete(socket));
    }
    upstream.once('close', () => counters.open--);
    // A reset on either side resets the other: the client sees what it would see through kube-proxy.
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => resetOrDestroy(client));
    client.pipe(upstream);
    upstream.pipe(client);
  }
}

/**
 * A TCP reset when the socket can still send one; after its write side was shut down (the pod's FIN was piped
 * through) libuv does not support a reset, and a reset there leaves a handle that never closes: the process
 * then spins at exit.
 */
function resetOrDestroy(socket: Socket): void {
  if (socket.destroyed || socket.writableEnded) socket.destroy();
  else socket.resetAndDestroy();
}
