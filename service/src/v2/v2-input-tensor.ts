import { RequestRejectedException } from '../http/request-rejected.exception';
import { FEATURE_COUNT, IRIS_FEATURES } from '../inference/iris-features';
import { V2RequestInputDto } from './dto/v2-inference-request.dto';

const AT = 'inputs[0]';
export const V2_INPUT_DATATYPE = 'FP32';

function reject(field: string, rule: string, message: string): never {
  throw RequestRejectedException.of(field, rule, message);
}

/** Row-major values: flat `[N*4]` or nested `[N][4]`; undefined when the layout matches neither. */
function flatten(data: unknown[], rows: number): unknown[] | undefined {
  if (data.length === rows * FEATURE_COUNT && data.every((value) => !Array.isArray(value))) return data;
  const nested =
    data.length === rows && data.every((row) => Array.isArray(row) && row.length === FEATURE_COUNT);
  return nested ? (data as unknown[][]).flat() : undefined;
}

/**
 * Checks an Iris FP32 [N, 4] tensor (each value a finite number in its feature's cm range) and packs it. The
 * name is not checked: the model has one input, so it cannot be ambiguous, and KServe's sklearn server accepts
 * any name for it too (its v2 Iris example sends `input-0`; the metadata still names the input `input`).
 */
export function decodeIrisInput(
  input: V2RequestInputDto,
  maxRows: number,
): { features: Float32Array; rows: number } {
  if (input.datatype !== V2_INPUT_DATATYPE) {
    reject(
      `${AT}.datatype`,
      'equals',
      `${AT}.datatype must be "${V2_INPUT_DATATYPE}" (got "${input.datatype}")`,
    );
  }
  const [rows, width] = input.shape;
  if (input.shape.length !== 2 || width !== FEATURE_COUNT || rows < 1) {
    reject(
      `${AT}.shape`,
      'shape',
      `${AT}.shape must be [N, ${FEATURE_COUNT}] with N >= 1 (got ${JSON.stringify(input.shape)})`,
    );
  }
  if (rows > maxRows)
    reject(`${AT}.shape`, 'maxRows', `${AT}.shape[0] must be at most ${maxRows} (got ${rows})`);
  const values = flatten(input.data, rows);
  if (!values) {
    reject(
      `${AT}.data`,
      'length',
      `${AT}.data must hold ${rows * FEATURE_COUNT} numbers, flat or as ${rows} rows of ${FEATURE_COUNT}`,
    );
  }
  const features = new Float32Array(values.length);
  values.forEach((value, index) => {
    const feature = IRIS_FEATURES[index % FEATURE_COUNT];
    const field = `${AT}.data[${index}]`;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      reject(field, 'isNumber', `${field} (${feature.name}) must be a finite number (cm)`);
    }
    if (value < feature.min || value > feature.max) {
      reject(
        field,
        'range',
        `${field} (${feature.name}) must be from ${feature.min} to ${feature.max} cm (got ${value})`,
      );
    }
    features[index] = value;
  });
  return { features, rows };
}
