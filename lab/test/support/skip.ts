// Jest has no skip reason: a test that needs something absent is skipped with the reason in its name, so the
// verbose report says what was missing instead of a bare "skipped".
import { describe, it } from '@jest/globals';

type Reason = string | false | undefined;

const named = (name: string, reason: Reason) => (reason ? `${name} (skipped: ${reason})` : name);

export const itUnless = (reason: Reason) => (name: string, fn: () => unknown, timeout?: number) =>
  (reason ? it.skip : it)(named(name, reason), fn as () => Promise<void>, timeout);

export const describeUnless = (reason: Reason) => (name: string, fn: () => void) =>
  (reason ? describe.skip : describe)(named(name, reason), fn);
