// `lab doctor`: what this machine can run (the embedded lab's sources of CPU and limits, Locust, the browser
// test, wrk, the cluster tools). Exit status 1 when the embedded lab cannot run here, else 0. The kind lab's own
// preflight (versions, Docker's resources, ports, context) is scripts/doctor.sh; `make doctor` runs both.
import { Command } from 'commander';
import { formatMachineChecks, machineChecks, realMachineProbe } from '../machine-doctor';

export function doctorCommand(): Command {
  return new Command('doctor')
    .description(
      'Say what this machine can run of the lab; exit status 1 when the embedded lab cannot run here',
    )
    .action(async () => {
      const { text, exitCode } = formatMachineChecks(await machineChecks(realMachineProbe()));
      console.log(text);
      process.exitCode = exitCode;
    });
}
