// Entry point of the embedded load generator, forked by EmbeddedLoad: its own process, like Locust, so its CPU
// is measured apart and its event loop never delays the lab's balancer. Every second it sends Locust's CSV rows.
import type { Profile } from '../profiles/profiles';
import { LocustStats } from '../results/locust/locust-stats';
import { Swarm } from './swarm';
import type { FromLoadWorker, ToLoadWorker } from './load-messages';

const cpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

const report = (type: FromLoadWorker['type'], stats: LocustStats, users: number): FromLoadWorker => ({
  type,
  snapshot: stats.snapshot(users),
  cpuSeconds: cpuSeconds(),
});

async function play(profile: Profile, host: string, port: number): Promise<void> {
  const stats = new LocustStats();
  const swarm = new Swarm(profile, host, port, ({ method, name, result, failure }) =>
    stats.logRequest(method, name, result.elapsedMs, Buffer.byteLength(result.body), failure),
  );
  process.on('message', (message: ToLoadWorker) => message.type === 'stop' && swarm.stop());
  // Locust's history writer ticks once a second.
  const ticker = setInterval(() => process.send!(report('second', stats, swarm.userCount)), 1000);
  await swarm.run();
  clearInterval(ticker);
  process.send!(report('finished', stats, 0), () => process.disconnect());
}

// Ctrl-C reaches the whole terminal process group: the runner decides when the swarm stops.
process.on('SIGINT', () => undefined);
// Never outlive the runner.
process.on('disconnect', () => process.exit(0));
process.once('message', (message: ToLoadWorker) => {
  if (message.type === 'start') void play(message.profile, message.host, message.port);
});
