import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config';
import { withRequestContext } from '../telemetry/request-context';
import { ErrorDescription, renderError } from './error-body';
import { RequestRejectedException } from './request-rejected.exception';

/** Exceptions built around a body of their own (Terminus' 503 health result) keep it; Nest's carry statusCode. */
function hasOwnBody(exception: unknown): exception is HttpException {
  if (!(exception instanceof HttpException) || exception instanceof RequestRejectedException) return false;
  const response = exception.getResponse();
  return typeof response === 'object' && response !== null && !('statusCode' in response);
}

/**
 * Every error leaves as JSON: 4xx bodies name the field and the rule, v2 routes get `{"error": "..."}`.
 * Fastify's own rejections (body limit, media type) reach this filter through Nest as bare HttpExceptions.
 */
@Catch()
export class ErrorResponseFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorResponseFilter.name);

  constructor(private readonly config: AppConfig) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.sent) return;
    if (hasOwnBody(exception)) {
      reply.status(exception.getStatus()).send(exception.getResponse());
      return;
    }
    const description = this.describe(exception, request);
    // In the request's context, so both lines carry its trace_id and span_id.
    withRequestContext(request.raw, () => {
      if (description.status >= 500)
        this.logger.error(exception instanceof Error ? exception.stack : String(exception));
      else
        this.logger.warn(`${description.status} ${description.message}`, ...(description.violations ?? []));
    });
    reply.status(description.status).send(renderError(request.url, description));
  }

  private describe(exception: unknown, request: FastifyRequest): ErrorDescription {
    if (exception instanceof RequestRejectedException) {
      return { status: exception.getStatus(), message: exception.message, violations: exception.violations };
    }
    if (!(exception instanceof HttpException)) {
      return { status: HttpStatus.INTERNAL_SERVER_ERROR, message: 'internal server error' };
    }
    switch (exception.getStatus()) {
      case HttpStatus.PAYLOAD_TOO_LARGE:
        return this.describe(
          RequestRejectedException.of(
            'body',
            'maxBytes',
            `body must be at most ${this.config.bodyLimitBytes} bytes`,
            HttpStatus.PAYLOAD_TOO_LARGE,
          ),
          request,
        );
      case HttpStatus.UNSUPPORTED_MEDIA_TYPE:
        return this.describe(
          RequestRejectedException.of(
            'content-type',
            'mediaType',
            `content-type must be application/json (got ${JSON.stringify(request.headers['content-type'] ?? '')})`,
            HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          ),
          request,
        );
      default:
        return { status: exception.getStatus(), message: exception.message };
    }
  }
}
