// Whether this lab may put its pods in cgroup v2 groups with a CPU controller, found out rather than assumed:
// a cgroup2 mount, the lab's own group in it, the cpu controller offered there and passed down to children
// (enabling it fails with EBUSY in a group that holds processes, except the root), and a child group the lab can
// create. The pods' groups go under that child, which is removed when the lab ends.
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type CgroupV2Parent = { available: true; dir: string } | { available: false; reason: string };

export interface CgroupV2Files {
  mounts: string;
  selfCgroup: string;
}

const PROC_FILES: CgroupV2Files = { mounts: '/proc/self/mounts', selfCgroup: '/proc/self/cgroup' };

const why = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? String(error);

const words = (file: string): string[] => readFileSync(file, 'utf8').trim().split(/\s+/);

/** Creates `<the lab's cgroup>/<name>` with the cpu controller for its children, or says why it cannot. */
export function prepareCgroupV2Parent(name: string, files: CgroupV2Files = PROC_FILES): CgroupV2Parent {
  const unavailable = (reason: string): CgroupV2Parent => ({ available: false, reason });
  let mount: string | undefined;
  let own: string | undefined;
  try {
    mount = readFileSync(files.mounts, 'utf8')
      .split('\n')
      .map((line) => line.split(' '))
      .find((fields) => fields[2] === 'cgroup2')?.[1];
    own = /^0::(.*)$/m.exec(readFileSync(files.selfCgroup, 'utf8'))?.[1];
  } catch (error) {
    return unavailable(`cannot read ${files.mounts} or ${files.selfCgroup} (${why(error)})`);
  }
  if (!mount) return unavailable('no cgroup v2 hierarchy is mounted');
  if (own === undefined) return unavailable('the lab is in no cgroup v2 group');
  const ownDir = join(mount, own);
  try {
    if (!words(join(ownDir, 'cgroup.controllers')).includes('cpu'))
      return unavailable(`${ownDir} offers no cpu controller (it may be bound to a cgroup v1 hierarchy)`);
    if (!words(join(ownDir, 'cgroup.subtree_control')).includes('cpu'))
      writeFileSync(join(ownDir, 'cgroup.subtree_control'), '+cpu');
  } catch (error) {
    return unavailable(`${ownDir} does not pass the cpu controller to child groups (${why(error)})`);
  }
  const dir = join(ownDir, name);
  try {
    mkdirSync(dir);
  } catch (error) {
    return unavailable(`cannot create ${dir} (${why(error)})`);
  }
  try {
    writeFileSync(join(dir, 'cgroup.subtree_control'), '+cpu');
  } catch (error) {
    removeCgroup(dir);
    return unavailable(`cannot enable the cpu controller in ${dir} (${why(error)})`);
  }
  return { available: true, dir };
}

/** rmdir of a cgroup: the kernel removes its control files with it; a populated group stays. */
export function removeCgroup(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // Populated or already gone: nothing the lab can do at exit.
  }
}
