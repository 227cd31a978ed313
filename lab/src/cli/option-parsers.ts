// commander argument parsers: a bad flag value is refused at the command line with the flag's name, before any
// pod, port or cluster object is touched.
import { InvalidArgumentError } from 'commander';
import { parseFault, type Fault } from '../faults/fault-spec';

export const positiveInteger = (name: string) => (value: string) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new InvalidArgumentError(`${name} must be a positive integer`);
  return number;
};

export const nonNegativeInteger = (name: string) => (value: string) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0)
    throw new InvalidArgumentError(`${name} must be an integer >= 0`);
  return number;
};

export const nonNegativeNumber = (name: string) => (value: string) => {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) throw new InvalidArgumentError(`${name} must be a number >= 0`);
  return number;
};

export const portNumber = (name: string) => (value: string) => {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number > 65535)
    throw new InvalidArgumentError(`${name} must be a port number from 0 (a free port) to 65535`);
  return number;
};

/** A repeatable `--fault <spec>`: each spec parsed as it comes, the list kept in order. */
export const faultList = (value: string, previous: Fault[] = []): Fault[] => {
  try {
    return [...previous, parseFault(value)];
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
};
