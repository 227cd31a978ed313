import assert from 'node:assert/strict';
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { afterEach, beforeEach, describe, it } from '@jest/globals';
import { context, createContextKey, ROOT_CONTEXT } from '@opentelemetry/api';
import { StackContextManager } from '@opentelemetry/sdk-trace';
import { rememberRequestContext, requestContext, withRequestContext } from './request-context';

const KEY = createContextKey('test key');

describe('request-context, under the SDK StackContextManager the service uses', () => {
  beforeEach(() => void context.setGlobalContextManager(new StackContextManager().enable()));
  afterEach(() => context.disable());

  const request = () => new IncomingMessage(new Socket());

  it('gives back, after an await, the context that was active when the request was remembered', async () => {
    const traced = request();
    const serverContext = ROOT_CONTEXT.setValue(KEY, 'server span');
    context.with(serverContext, () => rememberRequestContext(traced));

    await Promise.resolve();

    assert.equal(context.active(), ROOT_CONTEXT, 'the stack manager carries nothing across the await');
    assert.equal(requestContext(traced), serverContext);
    assert.equal(
      withRequestContext(traced, () => context.active().getValue(KEY)),
      'server span',
    );
    assert.equal(context.active(), ROOT_CONTEXT, 'and restores the active context afterwards');
  });

  it('falls back to the active context for a request the instrumentation did not trace', () => {
    const untraced = request();
    const active = ROOT_CONTEXT.setValue(KEY, 'probe');
    assert.equal(
      context.with(active, () => requestContext(untraced)),
      active,
    );
  });

  it('keeps each request its own context', () => {
    const [first, second] = [request(), request()];
    const [one, two] = [ROOT_CONTEXT.setValue(KEY, 1), ROOT_CONTEXT.setValue(KEY, 2)];
    context.with(one, () => rememberRequestContext(first));
    context.with(two, () => rememberRequestContext(second));
    assert.equal(requestContext(first), one);
    assert.equal(requestContext(second), two);
  });
});
