// ajv with the lab's custom keywords (`x-quantity`: a Kubernetes quantity such as "200m" or "128Mi";
// `x-iso-time`: an ISO-8601 date-time) and
// error messages that name the field as a path (`hpa.metrics[0].resource.target.averageUtilization`).
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { parseQuantity } from '../manifests/quantity';

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
ajv.addKeyword({
  keyword: 'x-quantity',
  schemaType: 'boolean',
  errors: true,
  validate: function quantity(this: unknown, _schema: boolean, data: unknown): boolean {
    if (typeof data !== 'string' && typeof data !== 'number') {
      setKeywordError(quantity, 'must be a Kubernetes quantity (a string such as "200m", "0.5" or "128Mi")');
      return false;
    }
    try {
      parseQuantity(data);
      return true;
    } catch (error) {
      setKeywordError(quantity, (error as Error).message);
      return false;
    }
  },
});

// ISO-8601 date-times as `new Date()` reads them: 2026-03-01T10:00:00Z, with optional seconds, fraction and offset.
const ISO_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
ajv.addKeyword({
  keyword: 'x-iso-time',
  schemaType: 'boolean',
  errors: true,
  validate: function isoTime(this: unknown, _schema: boolean, data: unknown): boolean {
    if (typeof data === 'string' && ISO_TIME_PATTERN.test(data) && !Number.isNaN(Date.parse(data)))
      return true;
    setKeywordError(isoTime, 'must be an ISO-8601 date-time such as "2026-03-01T10:00:00Z"');
    return false;
  },
});

function setKeywordError(validate: unknown, message: string): void {
  (validate as { errors: Partial<ErrorObject>[] }).errors = [{ keyword: 'x-quantity', message, params: {} }];
}

/** Lists the problems of a document as "<root><field path>: <message>", e.g. "hpa.maxReplicas: must be >= 1". */
export type Validator = (data: unknown, root: string) => string[];

export function compileValidator(schema: object): Validator {
  const validate: ValidateFunction = ajv.compile(schema);
  return (data, root) => {
    if (validate(data)) return [];
    const problems = (validate.errors ?? [])
      // `if` and `propertyNames` only wrap the errors that say what is wrong.
      .filter((error) => error.keyword !== 'if' && error.keyword !== 'propertyNames')
      .map((error) => describe(error, root));
    return [...new Set(problems)];
  };
}

function describe(error: ErrorObject, root: string): string {
  const path = `${root}${toFieldPath(error.instancePath)}` || '(document)';
  const params = error.params as Record<string, unknown>;
  if (error.propertyName !== undefined)
    return `${path}: key ${JSON.stringify(error.propertyName)} ${error.message}`;
  switch (error.keyword) {
    case 'required':
      return `${path}: missing required field "${String(params.missingProperty)}"`;
    case 'additionalProperties':
      return `${path}: unknown field "${String(params.additionalProperty)}"`;
    case 'enum':
      return `${path}: must be one of ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
    default:
      return `${path}: ${error.message ?? 'is invalid'}`;
  }
}

/** "/metrics/0/resource" → ".metrics[0].resource" */
export function toFieldPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? `[${segment}]` : `.${segment}`))
    .join('');
}
