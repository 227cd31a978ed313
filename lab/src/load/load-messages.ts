// Messages between the runner and the embedded load generator process (Node IPC).
import type { Profile } from '../profiles/profiles';
import type { LocustSnapshot } from '../results/locust/locust-stats';

export type ToLoadWorker = { type: 'start'; profile: Profile; host: string; port: number } | { type: 'stop' };

/**
 * Once a second, and a last time when the plan is over: the rows Locust's CSV writer would write, and the
 * generator's own CPU seconds (user + system) read at the same moment, so requests per CPU second need no /proc.
 */
export type FromLoadWorker = { type: 'second' | 'finished'; snapshot: LocustSnapshot; cpuSeconds: number };
