#!/usr/bin/env node
// The `lab` command line: each subcommand lives in its own file under ./commands and registers itself here.
import { Command } from 'commander';
import { runCommand } from './commands/run.command';
import { reportCommand } from './commands/report.command';
import { compareCommand } from './commands/compare.command';
import { hpaCommand } from './commands/hpa.command';
import { faultCommand } from './commands/fault.command';
import { doctorCommand } from './commands/doctor.command';

const program = new Command('lab')
  .description('Iris Scaling Lab: run scaling experiments, explain HPA decisions, compare reports')
  .showHelpAfterError();

// Subcommands (one line each): program.addCommand(xxxCommand());
program.addCommand(runCommand());
program.addCommand(reportCommand());
program.addCommand(compareCommand());
program.addCommand(hpaCommand());
program.addCommand(faultCommand());
program.addCommand(doctorCommand());

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`lab: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
