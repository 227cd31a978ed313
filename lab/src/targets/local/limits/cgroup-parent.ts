// Whether this lab may put its pods in cgroups with a controller (cpu for the pods' CPU limits), found out rather
// than assumed. cgroup v2 first: a cgroup2 mount, the lab's own group in it, the controller offered there and
// passed down to children (enabling it fails with EBUSY in a group that holds processes, except the root), and a
// child group the lab can create. Then cgroup v1, where hybrid hosts keep the cpu and memory controllers: its
// mount, the lab's group in it, and a child group the lab can create. The pods' groups go under that child, removed when the lab ends.
import { mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type CgroupVersion = 1 | 2;
export type CgroupController = 'cpu' | 'memory';

export type CgroupParent =
  { available: true; dir: string; version: CgroupVersion } | { available: false; reason: string };

export interface CgroupFiles {
  mounts: string;
  selfCgroup: string;
}

const PROC_FILES: CgroupFiles = { mounts: '/proc/self/mounts', selfCgroup: '/proc/self/cgroup' };

const why = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? String(error);

const words = (file: string): string[] => readFileSync(file, 'utf8').trim().split(/\s+/);

/** Creates `<the lab's cgroup of the controller>/<name>` for the pods' groups, or says why neither version allows it. */
export function prepareCgroupParent(
  name: string,
  files: CgroupFiles = PROC_FILES,
  platform: NodeJS.Platform = process.platform,
  controller: CgroupController = 'cpu',
): CgroupParent {
  if (platform !== 'linux')
    return { available: false, reason: `cgroups are Linux's, and this is ${platform}` };
  let mounts: string[][];
  let memberships: string[][];
  try {
    mounts = readFileSync(files.mounts, 'utf8')
      .split('\n')
      .map((line) => line.split(' '));
    // `hierarchy-id:controllers:path`; the path may itself hold colons.
    memberships = readFileSync(files.selfCgroup, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [id, controllers, ...path] = line.split(':');
        return [id, controllers, path.join(':')];
      });
  } catch (error) {
    return { available: false, reason: `cannot read ${files.mounts} or ${files.selfCgroup} (${why(error)})` };
  }
  const v2 = prepareV2(name, mounts, memberships, controller);
  if (v2.available) return v2;
  const v1 = prepareV1(name, mounts, memberships, controller);
  if (v1.available) return v1;
  return { available: false, reason: `cgroup v2: ${v2.reason}; cgroup v1: ${v1.reason}` };
}

function prepareV2(
  name: string,
  mounts: string[][],
  memberships: string[][],
  controller: CgroupController,
): CgroupParent {
  const mount = mounts.find((fields) => fields[2] === 'cgroup2')?.[1];
  const own = memberships.find(([id]) => id === '0')?.[2];
  if (!mount) return { available: false, reason: 'no cgroup2 mount' };
  if (own === undefined) return { available: false, reason: 'the lab is in no cgroup v2 group' };
  const ownDir = join(mount, own);
  try {
    if (!words(join(ownDir, 'cgroup.controllers')).includes(controller))
      return { available: false, reason: `${ownDir} offers no ${controller} controller` };
    if (!words(join(ownDir, 'cgroup.subtree_control')).includes(controller))
      writeFileSync(join(ownDir, 'cgroup.subtree_control'), `+${controller}`);
  } catch (error) {
    return {
      available: false,
      reason: `${ownDir} does not pass the ${controller} controller on (${why(error)})`,
    };
  }
  const dir = makeGroup(join(ownDir, name));
  if (typeof dir !== 'string') return dir;
  try {
    writeFileSync(join(dir, 'cgroup.subtree_control'), `+${controller}`);
  } catch (error) {
    removeCgroup(dir);
    return {
      available: false,
      reason: `cannot enable the ${controller} controller in ${dir} (${why(error)})`,
    };
  }
  return { available: true, dir, version: 2 };
}

function prepareV1(
  name: string,
  mounts: string[][],
  memberships: string[][],
  controller: CgroupController,
): CgroupParent {
  const hasController = (list: string | undefined) => (list ?? '').split(',').includes(controller);
  const mount = mounts.find((fields) => fields[2] === 'cgroup' && hasController(fields[3]))?.[1];
  const own = memberships.find(([, controllers]) => hasController(controllers))?.[2];
  if (!mount) return { available: false, reason: `no ${controller} controller mounted` };
  if (own === undefined) return { available: false, reason: `the lab is in no ${controller} group` };
  const dir = makeGroup(join(mount, own, name));
  return typeof dir === 'string' ? { available: true, dir, version: 1 } : dir;
}

function makeGroup(dir: string): string | CgroupParent {
  removeStaleGroups(dirname(dir));
  try {
    mkdirSync(dir);
    return dir;
  } catch (error) {
    return { available: false, reason: `cannot create ${dir} (${why(error)})` };
  }
}

/**
 * Groups left by a lab that was killed (its pods were SIGKILLed with it, so nothing could remove their groups):
 * `iris-lab-…<pid>` whose lab process is gone, emptied of its pods' groups and removed.
 */
function removeStaleGroups(parentDir: string): void {
  for (const name of subfolders(parentDir)) {
    const pid = /^iris-lab-(?:[a-z]+-)?(\d+)$/.exec(name)?.[1];
    if (!pid || processExists(Number(pid))) continue;
    const dir = join(parentDir, name);
    for (const child of subfolders(dir)) removeCgroup(join(dir, child));
    removeCgroup(dir);
  }
}

function subfolders(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** rmdir of a cgroup: the kernel removes its control files with it; a populated group stays. */
export function removeCgroup(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // Populated or already gone: nothing the lab can do at exit.
  }
}
