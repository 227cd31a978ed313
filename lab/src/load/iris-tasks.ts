// The tasks of the reports' Locust users, with response validation (status 2xx and a known species), as named
// in Locust's statistics: POST /predict, POST /predict/batch, GET /model.
import type { TaskWeights } from '../profiles/profiles';
import type { HttpResult, HttpSession } from './http-session';
import type { IrisFeatures, Random } from './iris-inputs';

export interface TaskOutcome {
  method: string;
  name: string;
  result: HttpResult;
  /** Locust-style failure text, undefined on success */
  failure?: string;
}

export type TaskName = keyof TaskWeights;
export type Task = (session: HttpSession, newFlower: () => IrisFeatures) => Promise<TaskOutcome>;

const SPECIES = new Set(['setosa', 'versicolor', 'virginica']);
const BATCH_SIZE = 5;

/** Rows each task asks the model to predict (what MODEL_COST_MS is paid for). */
export const ROWS_PER_TASK: Record<TaskName, number> = { predict: 1, predictBatch: BATCH_SIZE, modelCard: 0 };

function check(result: HttpResult, validBody: (body: unknown) => boolean): string | undefined {
  if (result.error) return result.error;
  if (result.status < 200 || result.status >= 300) return `CatchResponseError('HTTP ${result.status}')`;
  try {
    return validBody(JSON.parse(result.body)) ? undefined : `CatchResponseError('unexpected body')`;
  } catch {
    return `CatchResponseError('body is not JSON')`;
  }
}

const hasSpecies = (body: unknown) => SPECIES.has((body as { species?: string })?.species ?? '');

export const IRIS_TASKS: Record<TaskName, Task> = {
  async predict(session, newFlower) {
    const result = await session.send('POST', '/predict', newFlower());
    return { method: 'POST', name: '/predict', result, failure: check(result, hasSpecies) };
  },
  async predictBatch(session, newFlower) {
    const instances = Array.from({ length: BATCH_SIZE }, newFlower);
    const result = await session.send('POST', '/predict/batch', { instances });
    const allSpecies = (body: unknown) => {
      const predictions = (body as { predictions?: unknown[] })?.predictions;
      return Array.isArray(predictions) && predictions.length === BATCH_SIZE && predictions.every(hasSpecies);
    };
    return { method: 'POST', name: '/predict/batch', result, failure: check(result, allSpecies) };
  },
  async modelCard(session) {
    const result = await session.send('GET', '/model');
    return { method: 'GET', name: '/model', result, failure: check(result, () => true) };
  },
};

/** Locust's weighted task choice: a random pick in proportion to the @task weights. */
export function pickTask(weights: TaskWeights, random: Random): TaskName {
  const entries = (Object.entries(weights) as [TaskName, number][]).filter(([, w]) => w > 0);
  let point = random() * entries.reduce((sum, [, w]) => sum + w, 0);
  for (const [name, weight] of entries) {
    point -= weight;
    if (point < 0) return name;
  }
  return entries[entries.length - 1][0];
}
