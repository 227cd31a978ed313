import { STATUS_CODES } from 'node:http';
import { Violation } from './request-rejected.exception';

/** Error body of every route outside /v2: Nest's usual shape plus the broken rules. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  violations?: Violation[];
}

/** Open Inference Protocol v2 error body. */
export interface V2ErrorBody {
  error: string;
}

export interface ErrorDescription {
  status: number;
  message: string;
  violations?: Violation[];
}

const V2_PREFIX = /^\/v2(\/|$|\?)/;

export function renderError(
  url: string,
  { status, message, violations }: ErrorDescription,
): ErrorBody | V2ErrorBody {
  if (V2_PREFIX.test(url)) return { error: message };
  return {
    statusCode: status,
    error: STATUS_CODES[status] ?? 'Error',
    message,
    ...(violations && { violations }),
  };
}
