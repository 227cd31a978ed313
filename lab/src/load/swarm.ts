// The users of a Locust run: spawned at the stage's spawn rate (and stopped at that rate when a stage has fewer
// users), each looping: pick a weighted task, run it, wait `between(min, max)` seconds. Also report 004's
// fixed-count mode: `workers` loops sending requests back to back until `requests` have been sent.
import { setTimeout as sleep } from 'node:timers/promises';
import type { FixedCountLoad, Profile, UsersLoad } from '../profiles/profiles';
import { HttpSession } from './http-session';
import { sampleIris } from './iris-inputs';
import { IRIS_TASKS, pickTask, type TaskOutcome } from './iris-tasks';
import { SYNTHETIC_HEADERS } from '@iris-lab/service/contracts';
import { assignUserClasses } from './user-mix';

export type OutcomeSink = (outcome: TaskOutcome) => void;

interface RunningUser {
  stopped: boolean;
  session: HttpSession;
}

const SPAWN_TICK_MS = 100;

export class Swarm {
  private readonly users: RunningUser[] = [];
  private stopping = false;
  private readonly newFlower;

  constructor(
    private readonly profile: Profile,
    private readonly host: string,
    private readonly port: number,
    private readonly record: OutcomeSink,
  ) {
    this.newFlower = () => sampleIris(profile.irisInputs);
  }

  get userCount(): number {
    return this.users.length;
  }

  /** Plays the whole load plan; resolves when it is over or stop() was called. */
  async run(): Promise<void> {
    const load = this.profile.load;
    if (load.kind === 'users') await this.playStages(load);
    else await this.playFixedCount(load);
    this.stop();
  }

  /** Stops every user at once; requests still in flight are dropped, not recorded (Locust kills its greenlets). */
  stop(): void {
    this.stopping = true;
    for (const user of this.users.splice(0)) this.stopUser(user);
  }

  private async playStages(load: UsersLoad): Promise<void> {
    const order = assignUserClasses(load.userClasses, Math.max(...load.stages.map((s) => s.users)));
    for (const stage of load.stages) {
      const stageStart = Date.now();
      const stageEnd = stageStart + stage.durationSeconds * 1000;
      const usersAtStart = this.users.length;
      while (!this.stopping && Date.now() < stageEnd) {
        // The users due by the end of this tick, from the elapsed time rather than a count of ticks: a late timer
        // (busy machine) does not slow the ramp down. The first tick starts its share at once, as Locust does.
        const changed = Math.floor((stage.spawnRate * (Date.now() - stageStart + SPAWN_TICK_MS)) / 1000);
        const target =
          stage.users > usersAtStart
            ? Math.min(stage.users, usersAtStart + changed)
            : Math.max(stage.users, usersAtStart - changed);
        while (this.users.length < target) this.startUser(order[this.users.length], load);
        while (this.users.length > target) this.stopUser(this.users.pop()!);
        await sleep(Math.min(SPAWN_TICK_MS, Math.max(0, stageEnd - Date.now())));
      }
    }
  }

  private startUser(userClass: UsersLoad['userClasses'][number], load: UsersLoad): void {
    const user = this.addUser();
    const [minWait, maxWait] = userClass.waitTime;
    void (async () => {
      while (!user.stopped) {
        const outcome = await IRIS_TASKS[pickTask(load.tasks, Math.random)](user.session, this.newFlower);
        if (user.stopped) break;
        this.record(outcome);
        await sleep((minWait + Math.random() * (maxWait - minWait)) * 1000);
      }
    })();
  }

  /**
   * A new user with its own keep-alive session, whose every request says it is synthetic load (as Locust's do) and
   * gives up after the conditions' client timeout.
   */
  private addUser(): RunningUser {
    const { clientTimeoutSeconds } = this.profile.conditions;
    const session = new HttpSession(this.host, this.port, SYNTHETIC_HEADERS, clientTimeoutSeconds);
    const user = { stopped: false, session };
    this.users.push(user);
    return user;
  }

  private stopUser(user: RunningUser): void {
    user.stopped = true;
    user.session.close();
  }

  private async playFixedCount(load: FixedCountLoad): Promise<void> {
    let issued = 0;
    const worker = async () => {
      const user = this.addUser();
      while (!user.stopped && issued < load.requests) {
        issued++;
        const outcome = await IRIS_TASKS.predict(user.session, this.newFlower);
        if (!user.stopped) this.record(outcome);
      }
    };
    await Promise.all(Array.from({ length: load.workers }, worker));
  }
}
