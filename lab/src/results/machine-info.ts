// The machine a run happened on, for meta.json: numbers in a report mean little without it.
import { cpus, hostname, release, totalmem, type, arch } from 'node:os';
import type { MachineInfo } from './results.types';

export function currentMachineInfo(): MachineInfo {
  const cores = cpus();
  return {
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    cores: cores.length,
    memoryBytes: totalmem(),
    os: `${type()} ${release()} (${arch()})`,
    nodeVersion: process.version,
    hostname: hostname(),
  };
}
