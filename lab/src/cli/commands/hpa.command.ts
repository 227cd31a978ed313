// `lab hpa explain <input.json>`: one sync of the HPA controller as a what-if calculator. Reads a JSON document
// (pods, current replicas, histories; the HPA from the document or from the manifests with --hpa-variant) and
// prints the desired replica count with every step in words, or as JSON with --json. Bad input gets a list of
// problems with their JSON paths and exit code 1, never a stack trace.
import { Command, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { decideScale } from '../../hpa';
import { ExplainInputError, parseExplainInput, type VariantSpec } from '../../hpa/explain/explain-input';
import { explainAsJson, explainAsText } from '../../hpa/explain/explain-output';
import { HPA_VARIANTS, type HpaVariant } from '@iris-lab/service/contracts';
import { loadHpaManifest, ManifestError } from '../../manifests';

interface ExplainOptions {
  json?: boolean;
  hpaVariant?: HpaVariant;
}

export function hpaCommand(): Command {
  const hpa = new Command('hpa').description('The lab HPA controller (Kubernetes autoscaling/v2)');
  hpa
    .command('explain')
    .description('Explain the HPA decision for a JSON what-if (see lab/examples/hpa-explain/)')
    .argument('<input>', 'input JSON file, or - for standard input')
    .option('--json', 'print the decision and its steps as JSON')
    .addOption(
      new Option(
        '--hpa-variant <id>',
        'take the HPA spec from the manifests (k8s/) instead of the input',
      ).choices(HPA_VARIANTS),
    )
    .action((inputPath: string, options: ExplainOptions) => {
      try {
        const text = readInput(inputPath);
        const request = parseExplainInput(text, Date.now, variantSpec(options.hpaVariant));
        const decision = decideScale(request.input);
        process.stdout.write(
          options.json ? explainAsJson(request, decision) : explainAsText(request, decision),
        );
      } catch (error) {
        if (!(error instanceof ExplainInputError || error instanceof ManifestError)) throw error;
        process.stderr.write(`lab hpa explain: ${inputPath}: ${error.message}\n`);
        process.exitCode = 1;
      }
    });
  return hpa;
}

function variantSpec(variant: HpaVariant | undefined): VariantSpec | undefined {
  if (!variant) return undefined;
  const manifest = loadHpaManifest(variant);
  return { spec: manifest.spec, source: `${variant} (${manifest.files.join(' patched by ')})` };
}

function readInput(inputPath: string): string {
  try {
    return readFileSync(inputPath === '-' ? 0 : inputPath, 'utf8');
  } catch (error) {
    throw new ExplainInputError([(error as Error).message], 'cannot read it');
  }
}
