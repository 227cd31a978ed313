import { HttpException, HttpStatus } from '@nestjs/common';

/** One broken rule: which field, which rule, and a sentence saying both. */
export interface Violation {
  field: string;
  rule: string;
  message: string;
}

/** `instances[1].petal_width: petal_width must be at most 10 cm (max)`; the path is omitted when the message starts with it. */
function describe({ field, rule, message }: Violation): string {
  return `${message.startsWith(field) ? '' : `${field}: `}${message} (${rule})`;
}

/** A 4xx answer naming every broken rule; the error filter renders it for the route family (v2 or not). */
export class RequestRejectedException extends HttpException {
  constructor(
    readonly violations: Violation[],
    status: number = HttpStatus.BAD_REQUEST,
  ) {
    super(violations.map(describe).join('; '), status);
  }

  static of(field: string, rule: string, message: string, status?: number): RequestRejectedException {
    return new RequestRejectedException([{ field, rule, message }], status);
  }
}
