// meta.json → RunMeta: validated against the schema of the format it declares (the HPA spec by the HPA's own
// validation), a format-1 meta converted to today's model, so the report reads one typed model.
import { hpaSpecProblems } from '../hpa/hpa-spec-validation';
import { compileValidator } from '../hpa/schema-validation';
import { cpuMillicores, memoryBytes } from '../manifests/quantity';
import type { Stage } from '../profiles/profiles';
import { runMetaSchema, runMetaV1Schema } from './run-meta.schema';
import { RESULTS_SCHEMA_VERSION, type PodResources, type RunMeta, type RunProfile } from './results.types';

const validateV2 = compileValidator(runMetaSchema);
const validateV1 = compileValidator(runMetaV1Schema);

/** meta.json as format 1 wrote it: the parts that differ from today's RunMeta. */
interface RunMetaV1 extends Omit<RunMeta, 'schemaVersion' | 'profile' | 'podResources'> {
  schemaVersion: 1;
  profile: {
    name: string;
    description?: string;
    users?: number;
    spawnRate?: number;
    durationSeconds?: number;
    stages?: Stage[];
    requests?: number;
    workers?: number;
    userMix?: Record<string, number>;
  };
  podResources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

/** Every problem of a meta.json document, as "meta.<field path>: <message>"; none when it reads as a RunMeta. */
export function validateMeta(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['not a JSON object'];
  const version = (value as { schemaVersion?: unknown }).schemaVersion;
  const problems = (version === 1 ? validateV1 : validateV2)(value, 'meta');
  if (problems.length > 0) return problems;
  return hpaSpecProblems((value as RunMeta).hpa.spec, 'meta.hpa.spec');
}

/** A validated meta.json of either format as today's RunMeta; throws with every problem when it is not one. */
export function parseRunMeta(value: unknown): RunMeta {
  const problems = validateMeta(value);
  if (problems.length > 0) throw new Error(problems.join('; '));
  const meta = value as RunMeta | RunMetaV1;
  return meta.schemaVersion === 1 ? fromV1(meta) : meta;
}

function fromV1(meta: RunMetaV1): RunMeta {
  const { profile, podResources, ...rest } = meta;
  return {
    ...rest,
    schemaVersion: RESULTS_SCHEMA_VERSION,
    profile: profileFromV1(profile),
    ...(podResources && { podResources: podResourcesFromV1(podResources) }),
  };
}

function profileFromV1(profile: RunMetaV1['profile']): RunProfile {
  const { name, description } = profile;
  const described = description === undefined ? { id: name } : { id: name, description };
  if (profile.requests !== undefined && profile.workers !== undefined) {
    return {
      ...described,
      load: { kind: 'fixed-count', requests: profile.requests, workers: profile.workers },
    };
  }
  const { users, spawnRate, durationSeconds } = profile;
  const stages =
    profile.stages ??
    (users !== undefined && spawnRate !== undefined && durationSeconds !== undefined
      ? [{ users, spawnRate, durationSeconds }]
      : undefined);
  if (stages === undefined)
    throw new Error(
      'meta.profile: a format-1 profile needs stages, users/spawnRate/durationSeconds or requests/workers',
    );
  return { ...described, load: { kind: 'users', stages } };
}

function podResourcesFromV1(resources: NonNullable<RunMetaV1['podResources']>): PodResources {
  const amounts = (quantities: Record<string, string>) => ({
    ...(quantities.cpu !== undefined && { cpuMillicores: cpuMillicores(quantities.cpu) }),
    ...(quantities.memory !== undefined && { memoryBytes: memoryBytes(quantities.memory) }),
  });
  return {
    ...(resources.requests && { requests: amounts(resources.requests) }),
    ...(resources.limits && { limits: amounts(resources.limits) }),
  };
}
