// Loads lab/profiles.yaml, validates it against its schema and turns each profile into a normalized load plan.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { findRepoRoot } from '@iris-lab/service/contracts';
import { compileValidator } from '../hpa/schema-validation';
import {
  conditionsOf,
  conditionsProblems,
  DEFAULT_CONDITIONS,
  type Conditions,
  type RawConditions,
} from './conditions';
import { profilesSchema } from './profiles.schema';
import { parseFaults, type Fault } from '../faults/fault-spec';

export type Species = 'setosa' | 'versicolor' | 'virginica';
export type FeatureVector = [number, number, number, number];
export interface SpeciesDistribution {
  mean: FeatureVector;
  sd: FeatureVector;
  min: FeatureVector;
  max: FeatureVector;
}
export interface UserClass {
  name: string;
  waitTime: [number, number];
  weight: number;
}
export interface Stage {
  users: number;
  spawnRate: number;
  durationSeconds: number;
}
export interface TaskWeights {
  predict: number;
  predictBatch: number;
  modelCard: number;
}
/** Locust-style swarm: users of weighted classes, spawned stage after stage (a LoadTestShape). */
export interface UsersLoad {
  kind: 'users';
  stages: Stage[];
  userClasses: UserClass[];
  tasks: TaskWeights;
}
/** Report 004's load_test.py: a fixed number of requests sent back to back by concurrent workers. */
export interface FixedCountLoad {
  kind: 'fixed-count';
  requests: number;
  workers: number;
}
export type LoadPlan = UsersLoad | FixedCountLoad;

export interface Profile {
  id: string;
  description: string;
  hpaVariant: string;
  modelCostMs: number;
  /** the service's MAX_REQUESTS_PER_SOCKET in the lab's runs (0 = keep-alive connections never re-spread) */
  maxRequestsPerSocket: number;
  load: LoadPlan;
  irisInputs: Record<Species, SpeciesDistribution>;
  /** what the run runs under (lab/profiles.yaml `conditions`); `lab` unless chosen with withConditions */
  conditions: Conditions;
  /** faults played during the run (the profile's `faults:`, then `--fault` on the command line) */
  faults: Fault[];
}

interface RawProfile {
  description: string;
  hpa: string;
  users?: number;
  spawnRate?: number;
  durationSeconds?: number;
  userMix?: Record<string, number>;
  stages?: Stage[];
  requests?: number;
  workers?: number;
  modelCostMs?: number;
  maxRequestsPerSocket?: number;
  faults?: string[];
}
interface RawProfilesFile {
  userClasses: Record<string, { waitTime: [number, number] }>;
  tasks: TaskWeights;
  irisInputs: Record<Species, SpeciesDistribution>;
  modelCostMs: number;
  maxRequestsPerSocket: number;
  conditions: Record<string, RawConditions>;
  profiles: Record<string, RawProfile>;
}

const validateProfilesFile = compileValidator(profilesSchema);

export const defaultProfilesPath = join(findRepoRoot(__dirname), 'lab', 'profiles.yaml');

export function loadProfilesFile(path = defaultProfilesPath): RawProfilesFile {
  const document: unknown = parse(readFileSync(path, 'utf8'));
  const problems = validateProfilesFile(document, '$');
  if (problems.length > 0) throw new Error(`${path} is not a valid profiles file: ${problems.join('; ')}`);
  const file = document as RawProfilesFile;
  for (const [id, raw] of Object.entries(file.profiles)) {
    for (const name of Object.keys(raw.userMix ?? {})) {
      if (!file.userClasses[name]) throw new Error(`${path}: profile ${id} uses unknown user class ${name}`);
    }
  }
  const conditionProblems = conditionsProblems(file.conditions);
  if (conditionProblems.length > 0)
    throw new Error(`${path} is not a valid profiles file: ${conditionProblems.join('; ')}`);
  return file;
}

export function profileIds(path = defaultProfilesPath): string[] {
  return Object.keys(loadProfilesFile(path).profiles);
}

export function loadProfile(id: string, path = defaultProfilesPath): Profile {
  const file = loadProfilesFile(path);
  const raw = file.profiles[id];
  if (!raw) throw new Error(`unknown profile "${id}"; known: ${Object.keys(file.profiles).join(', ')}`);
  return {
    id,
    description: raw.description,
    hpaVariant: raw.hpa,
    modelCostMs: raw.modelCostMs ?? file.modelCostMs,
    maxRequestsPerSocket: raw.maxRequestsPerSocket ?? file.maxRequestsPerSocket,
    load: loadPlanOf(raw, file),
    irisInputs: file.irisInputs,
    faults: faultsOf(id, raw, path),
    conditions: conditionsIn(file, DEFAULT_CONDITIONS, path),
  };
}

export function conditionsIds(path = defaultProfilesPath): string[] {
  return Object.keys(loadProfilesFile(path).conditions);
}

export function loadConditions(id: string, path = defaultProfilesPath): Conditions {
  return conditionsIn(loadProfilesFile(path), id, path);
}

function conditionsIn(file: RawProfilesFile, id: string, path: string): Conditions {
  const raw = file.conditions[id];
  if (!raw)
    throw new Error(`unknown conditions "${id}"; ${path} has: ${Object.keys(file.conditions).join(', ')}`);
  return conditionsOf(id, raw);
}

/**
 * The profile run under other conditions; their HPA variant and keep-alive setting, when they name them, replace
 * the profile's.
 */
export function withConditions(profile: Profile, id: string, path = defaultProfilesPath): Profile {
  const conditions = loadConditions(id, path);
  return {
    ...profile,
    conditions,
    hpaVariant: conditions.hpaVariant ?? profile.hpaVariant,
    maxRequestsPerSocket: conditions.maxRequestsPerSocket ?? profile.maxRequestsPerSocket,
  };
}

function faultsOf(id: string, raw: RawProfile, path: string): Fault[] {
  try {
    return parseFaults(raw.faults ?? []);
  } catch (error) {
    throw new Error(`${path}: profile ${id}: ${(error as Error).message}`);
  }
}

function loadPlanOf(raw: RawProfile, file: RawProfilesFile): LoadPlan {
  if (raw.requests !== undefined && raw.workers !== undefined) {
    return { kind: 'fixed-count', requests: raw.requests, workers: raw.workers };
  }
  const stages = raw.stages ?? [
    { users: raw.users!, spawnRate: raw.spawnRate!, durationSeconds: raw.durationSeconds! },
  ];
  const userClasses = Object.entries(raw.userMix!).map(([name, weight]) => ({
    name,
    weight,
    waitTime: file.userClasses[name].waitTime,
  }));
  return { kind: 'users', stages, userClasses, tasks: file.tasks };
}

/** The profile a run plays: the command line's conditions (default `lab`) and --users/--duration/--requests applied. */
export function profileForRun(choices: {
  profileId: string;
  conditionsId?: string;
  users?: number;
  durationSeconds?: number;
  requests?: number;
}): Profile {
  const profile = withOverrides(loadProfile(choices.profileId), choices);
  return choices.conditionsId ? withConditions(profile, choices.conditionsId) : profile;
}

/**
 * Command-line overrides: --users and --duration on a single-stage swarm, --requests on a fixed-count run (its
 * workers kept, so a report's concurrency runs shorter on a small machine).
 */
export function withOverrides(
  profile: Profile,
  overrides: { users?: number; durationSeconds?: number; requests?: number },
): Profile {
  const load = profile.load;
  if (overrides.requests !== undefined) {
    if (load.kind !== 'fixed-count')
      throw new Error(`--requests only applies to fixed-count profiles, not to "${profile.id}"`);
    profile = { ...profile, load: { ...load, requests: overrides.requests } };
  }
  if (overrides.users === undefined && overrides.durationSeconds === undefined) return profile;
  if (load.kind !== 'users' || load.stages.length !== 1) {
    throw new Error(`--users/--duration only apply to single-stage user profiles, not to "${profile.id}"`);
  }
  const [stage] = load.stages;
  const users = overrides.users ?? stage.users;
  const durationSeconds = overrides.durationSeconds ?? stage.durationSeconds;
  return { ...profile, load: { ...load, stages: [{ ...stage, users, durationSeconds }] } };
}

/** Planned duration in seconds; a fixed-count run ends when its requests are done (undefined). */
export function plannedDurationSeconds(plan: LoadPlan): number | undefined {
  return plan.kind === 'users' ? plan.stages.reduce((sum, s) => sum + s.durationSeconds, 0) : undefined;
}
