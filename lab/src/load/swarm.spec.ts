import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, it } from '@jest/globals';
import { SYNTHETIC_HEADERS } from '@iris-lab/service/contracts';
import { startInstantIris } from '../../test/support/instant-iris';
import { loadProfile, type Profile, type UsersLoad } from '../profiles/profiles';
import type { TaskOutcome } from './iris-tasks';
import { Swarm } from './swarm';
import { offeredRatePerUser } from './user-mix';

const isMarkedSynthetic = (req: IncomingMessage) =>
  Object.entries(SYNTHETIC_HEADERS).every(([name, value]) => req.headers[name.toLowerCase()] === value);

/** The instant stand-in Service, counting connections and requests not marked synthetic. */
async function instantService() {
  const { url, server } = await startInstantIris();
  let connections = 0;
  let unmarked = 0;
  server.on('connection', () => connections++);
  server.on('request', (req: IncomingMessage) => {
    if (!isMarkedSynthetic(req)) unmarked++;
  });
  return {
    port: Number(url.port),
    connections: () => connections,
    unmarked: () => unmarked,
    close: () => server.close(),
  };
}

function withLoad(load: Partial<UsersLoad> & Pick<UsersLoad, 'stages'>): Profile {
  const profile = loadProfile('ci-smoke');
  return { ...profile, load: { ...(profile.load as UsersLoad), ...load } };
}

describe('Swarm (Locust-like users)', () => {
  it('offers users × 1/mean(wait) requests per second (within 15 %) over one keep-alive connection per user', async () => {
    const service = await instantService();
    const userClass = { name: 'HighLoadUser', weight: 1, waitTime: [0.1, 0.3] as [number, number] };
    const profile = withLoad({
      stages: [{ users: 40, spawnRate: 400, durationSeconds: 4 }],
      userClasses: [userClass],
    });
    const outcomes: TaskOutcome[] = [];
    // A busy machine answers late and fires timers late; both lengthen every user's loop, so the lower bound
    // counts the response times and the event loop's lateness measured during this very run.
    const timerLateness = monitorEventLoopDelay({ resolution: 10 });
    timerLateness.enable();
    await new Swarm(profile, '127.0.0.1', service.port, (o) => outcomes.push(o)).run();
    timerLateness.disable();
    service.close();
    const meanWaitSeconds = 1 / offeredRatePerUser(userClass);
    const meanResponseSeconds =
      outcomes.reduce((sum, o) => sum + o.result.elapsedMs, 0) / outcomes.length / 1000;
    const meanLatenessSeconds = timerLateness.mean / 1e9;
    const offered = (40 * 4) / meanWaitSeconds;
    const reachable = (40 * 4) / (meanWaitSeconds + meanResponseSeconds + meanLatenessSeconds);
    assert.ok(
      outcomes.length <= offered * 1.15 && outcomes.length >= reachable * 0.85,
      `${outcomes.length} requests: offered ~${Math.round(offered)}, reachable on this machine ~${Math.round(reachable)}`,
    );
    assert.deepEqual(
      outcomes.filter((o) => o.failure),
      [],
    );
    assert.equal(service.connections(), 40, 'one keep-alive connection per user');
    assert.equal(service.unmarked(), 0, 'every request says it is synthetic load');
  });

  // Sampled after 1.5 s: at most one spawn tick (0.1 s) ahead, behind by at most a tick and the latest this run's
  // timers fired (measured: a busy machine fires them late), plus a margin.
  it('spawns at the spawn rate', async () => {
    const { users, elapsedSeconds, lateness } = await usersPartWayThrough(
      [{ users: 100, spawnRate: 20, durationSeconds: 3 }],
      1500,
    );
    const behind = 0.2 + lateness;
    assert.ok(
      users <= 20 * (elapsedSeconds + 0.1) && users >= 20 * (elapsedSeconds - behind),
      `${users} users after ${elapsedSeconds} s at 20/s (timers up to ${lateness} s late)`,
    );
  });

  it('stops users at the spawn rate when a stage has fewer', async () => {
    // 40 users at once, then down to 4 at 20/s: 36 to stop take 1.8 s. The ramp down is timed from the moment the
    // first user was seen stopping (when the second stage really began), not from the first stage's planned end.
    const service = await instantService();
    const swarm = new Swarm(
      withLoad({
        stages: [
          { users: 40, spawnRate: 4000, durationSeconds: 0.3 },
          { users: 4, spawnRate: 20, durationSeconds: 3 },
        ],
      }),
      '127.0.0.1',
      service.port,
      () => undefined,
    );
    const timerLateness = lateTimers();
    const done = swarm.run();
    const startedAt = Date.now();
    let rampDownSeenAt: number | undefined;
    let sample: { users: number; intoRampDown: number } | undefined;
    while (!sample) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      const now = Date.now();
      if (now - startedAt > 10_000) assert.fail(`no ramp down seen in 10 s (${swarm.userCount} users)`);
      if (rampDownSeenAt === undefined && swarm.userCount > 4 && swarm.userCount < 40) rampDownSeenAt = now;
      if (rampDownSeenAt !== undefined && now - rampDownSeenAt >= 1000)
        sample = { users: swarm.userCount, intoRampDown: (now - rampDownSeenAt) / 1000 };
    }
    swarm.stop();
    await done;
    service.close();
    // Seen up to one poll after it began, and at most one spawn tick ahead or behind, each late by at most the
    // latest this run's timers fired (measured: a busy machine fires them late), plus a margin.
    const lateness = timerLateness.stop();
    const slack = 0.2 + lateness;
    const { users, intoRampDown } = sample;
    assert.ok(
      users >= 40 - 20 * (intoRampDown + slack) && users <= 40 - 20 * (intoRampDown - slack),
      `${users} users ${intoRampDown} s into a ramp down from 40 at 20/s (timers up to ${lateness} s late)`,
    );
  });

  it("gives up on a request after the conditions' client timeout: a ReadTimeout failure, as Locust records it", async () => {
    const silent = createServer(() => undefined); // reads the request, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const fixed = loadProfile('fixed-100');
    const profile: Profile = {
      ...fixed,
      load: { kind: 'fixed-count', requests: 2, workers: 1 },
      conditions: { ...fixed.conditions, clientTimeoutSeconds: 0.3 },
    };
    const outcomes: TaskOutcome[] = [];
    await new Swarm(profile, '127.0.0.1', port, (o) => outcomes.push(o)).run();
    silent.closeAllConnections();
    silent.close();
    assert.equal(outcomes.length, 2);
    for (const outcome of outcomes) {
      assert.equal(
        outcome.failure,
        `ReadTimeout(ReadTimeoutError("HTTPConnectionPool(host='127.0.0.1', port=${port}): Read timed out. (read timeout=0.3)"))`,
      );
      assert.ok(outcome.result.elapsedMs >= 290, `gave up after ${outcome.result.elapsedMs} ms`);
    }
  });

  it('sends exactly the requests of a fixed-count profile with its workers', async () => {
    const service = await instantService();
    const profile = { ...loadProfile('fixed-100') };
    const outcomes: TaskOutcome[] = [];
    await new Swarm(profile, '127.0.0.1', service.port, (o) => outcomes.push(o)).run();
    service.close();
    assert.equal(outcomes.length, 100);
    assert.equal(service.connections(), 5);
    assert.equal(service.unmarked(), 0, 'every request says it is synthetic load');
  });
});

/** Plays `stages` against an instant service and counts the users `afterMs` into the run. */
async function usersPartWayThrough(stages: UsersLoad['stages'], afterMs: number) {
  const service = await instantService();
  const swarm = new Swarm(withLoad({ stages }), '127.0.0.1', service.port, () => undefined);
  const timerLateness = lateTimers();
  const startedAt = Date.now();
  const done = swarm.run();
  await new Promise((resolve) => setTimeout(resolve, afterMs));
  const users = swarm.userCount;
  const elapsedSeconds = (Date.now() - startedAt) / 1000;
  const lateness = timerLateness.stop();
  swarm.stop();
  await done;
  service.close();
  return { users, elapsedSeconds, lateness };
}

/** The latest this process fired a timer from now until stop(), in seconds (event loop delay). */
function lateTimers() {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  return {
    stop: () => {
      delay.disable();
      return delay.max / 1e9;
    },
  };
}
