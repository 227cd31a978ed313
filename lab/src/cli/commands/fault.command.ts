// `lab fault <spec>`: plays a fault in a running lab (`lab run` of any target), through the control channel its
// results folder names (control.json). Without `@<at>` the fault starts at once.
import { Command } from 'commander';
import { resolve } from 'node:path';
import { findRunningLab, sendFault } from '../../faults/control-channel';
import { FAULT_GRAMMAR, parseFault } from '../../faults/fault-spec';
import { repoRoot } from '../../manifests/repo-paths';
import { resultsRoot } from '../../results/results-layout';

export function faultCommand(): Command {
  return new Command('fault')
    .description(`Play a fault in a running lab: ${FAULT_GRAMMAR}; without @<at> it starts at once`)
    .argument('<spec>', 'the fault, e.g. kill-pod, error-rate:10%+30s, slow-model:50ms@60s+30s')
    .option('--run <dir>', 'results folder of the running lab (default: the newest one still running)')
    .action(async (spec: string, flags: { run?: string }) => {
      parseFault(spec, { atRequired: false }); // a bad spec is refused here, with the grammar
      const root = resultsRoot(repoRoot);
      const dir = flags.run ? resolve(flags.run) : findRunningLab(root);
      if (!dir)
        throw new Error(`no running lab under ${root}: start one with \`lab run\`, or name it with --run`);
      console.log(`${spec}: ${await sendFault(dir, spec)} (run ${dir})`);
    });
}
