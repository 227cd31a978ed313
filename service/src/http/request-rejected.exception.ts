import { HttpException, HttpStatus } from '@nestjs/common';

/** One broken rule: which field, which rule, and a sentence saying both. */
export interface Violation {
  field: string;
  rule: string;
  message: string;
}

/** A 4xx answer naming every broken rule; the error filter renders it for the route family (v2 or not). */
export class RequestRejectedException extends HttpException {
  constructor(
    readonly violations: Violation[],
    status: number = HttpStatus.BAD_REQUEST,
  ) {
    super(violations.map((violation) => `${violation.message} (${violation.rule})`).join('; '), status);
  }

  static of(field: string, rule: string, message: string, status?: number): RequestRejectedException {
    return new RequestRejectedException([{ field, rule, message }], status);
  }
}
