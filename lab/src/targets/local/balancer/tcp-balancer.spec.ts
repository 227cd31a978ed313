import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { fakePodSpec } from '../../../../test/support/fake-pod-spec';
import { fakeServiceUnderTest } from '../../../../test/support/fake-service-under-test';
import { podsAnswering } from '../../../../test/support/keep-alive-users';
import { HttpSession } from '../../../load/http-session';
import { TcpBalancer } from './tcp-balancer';

const serviceWith = (replicas: number, env: Record<string, string> = {}) =>
  fakeServiceUnderTest(replicas, fakePodSpec({}, env));

const count = (names: string[]) =>
  names.reduce((m, n) => m.set(n, (m.get(n) ?? 0) + 1), new Map<string, number>());

describe('TcpBalancer (the Service)', () => {
  let service: Awaited<ReturnType<typeof serviceWith>>;
  beforeAll(async () => (service = await serviceWith(3)));
  afterAll(() => service.close());

  it('spreads new connections round-robin over the ready pods', async () => {
    const pods = count(await podsAnswering(service.port, 9));
    assert.deepEqual([...pods.values()], [3, 3, 3]);
  });

  it('keeps a keep-alive connection on one pod (connection-level balancing)', async () => {
    const session = new HttpSession('127.0.0.1', service.port);
    const pods = count(await podsAnswering(service.port, 20, session));
    session.close();
    assert.equal(pods.size, 1, `one keep-alive connection reached ${pods.size} pods`);
  });

  it('sends new connections only to ready pods, at once after a pod is deleted', async () => {
    const [victim] = service.replicaSet.pods();
    const deletion = service.replicaSet.deletePod(victim.name);
    const pods = await podsAnswering(service.port, 6);
    assert.ok(!pods.includes(victim.name), `${victim.name} got a new connection after its deletion`);
    await deletion;
  });

  it('refuses connections when no pod is ready', async () => {
    const empty = new TcpBalancer();
    const port = await empty.listen();
    const reply = await new HttpSession('127.0.0.1', port).send('GET', '/model');
    assert.match(reply.error ?? '', /ECONNRESET|ECONNREFUSED/);
    assert.equal(empty.refusedConnections(), 1);
    await empty.close();
  });
});

describe('MAX_REQUESTS_PER_SOCKET on the service', () => {
  it('re-spreads a keep-alive user over the pods', async () => {
    const service = await serviceWith(3, { MAX_REQUESTS_PER_SOCKET: '5' });
    try {
      const session = new HttpSession('127.0.0.1', service.port);
      const pods = count(await podsAnswering(service.port, 30, session));
      session.close();
      assert.equal(pods.size, 3, 'a connection closed every 5 requests should reach every pod');
    } finally {
      await service.close();
    }
  });
});
