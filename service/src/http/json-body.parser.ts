import type { FastifyInstance } from 'fastify';
import { RequestRejectedException } from './request-rejected.exception';

/**
 * The only body parser: application/json up to BODY_LIMIT_BYTES (anything else gets 415 from Fastify).
 * Fastify's default JSON parser keeps its prototype-poisoning guard; its errors become named rules.
 */
export function registerJsonBodyParser(fastify: FastifyInstance, bodyLimit: number): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit },
    (request, body, done) => {
      const text = body as string; // parseAs: 'string'
      parseJson(request, text, (error, parsed) =>
        error ? done(describeJsonError(text), undefined) : done(null, parsed),
      );
    },
  );
}

function describeJsonError(body: string): RequestRejectedException {
  if (body.length === 0) return RequestRejectedException.of('body', 'notEmpty', 'body must not be empty');
  try {
    JSON.parse(body);
  } catch (error) {
    return RequestRejectedException.of(
      'body',
      'json',
      `body must be valid JSON: ${(error as Error).message}`,
    );
  }
  return RequestRejectedException.of(
    'body',
    'noPrototypeKeys',
    'body must not contain __proto__ or constructor.prototype',
  );
}
