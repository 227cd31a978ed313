// The HPA variant list of the service contracts is the one the cluster files and the non-TypeScript tools use:
// every variant but the base one is a Component here, each renders to its expected spec, and the Tiltfile, the
// Makefile and scripts/compose-overlay.sh list exactly these (lab/profiles.yaml's schema takes the list itself).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from '@jest/globals';
import { DEFAULT_HPA_VARIANT, HPA_VARIANTS, hpaComponentDir } from '@iris-lab/service/contracts';
import { EXPECTED_HPA_SPECS } from './support/expected-hpa';
import { repoPath } from './support/repo';
import { RENDER_TARGETS } from './support/targets';

const sorted = (names: Iterable<string>) => Array.from(names).sort();
const variantsIn = (text: string) => sorted(new Set(text.match(/report-\d{3}/g)));

/**
 * A file's lists of variants: each run of comment lines read as one text (a list may wrap), each other line
 * alone; kept when it names two variants or more (one alone is an example, such as `--hpa=report-004`).
 */
function variantListsIn(file: string): string[][] {
  const units: string[] = [];
  let comment: string[] = [];
  for (const line of readFileSync(repoPath(file), 'utf8').split('\n')) {
    if (/^\s*#/.test(line)) {
      comment.push(line);
      continue;
    }
    units.push(comment.join('\n'), line);
    comment = [];
  }
  units.push(comment.join('\n'));
  return units.map(variantsIn).filter((variants) => variants.length >= 2);
}

describe('HPA variants', () => {
  it('are the base HPA and one Component k8s/components/hpa-<variant> each', () => {
    const components = readdirSync(repoPath('k8s/components'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name.startsWith('hpa-'))
      .map((entry) => `k8s/components/${entry.name}`);
    const expected = HPA_VARIANTS.filter((variant) => variant !== DEFAULT_HPA_VARIANT).map(hpaComponentDir);

    assert.deepEqual(sorted(components), sorted(expected as string[]));
    assert.equal(hpaComponentDir(DEFAULT_HPA_VARIANT), undefined);
  });

  it('each have an expected spec and a render target', () => {
    assert.deepEqual(sorted(Object.keys(EXPECTED_HPA_SPECS)), sorted(HPA_VARIANTS));
    assert.deepEqual(
      sorted(new Set(RENDER_TARGETS.map((target) => target.hpaVariant))),
      sorted(HPA_VARIANTS),
    );
  });

  it.each([
    ['Tiltfile', 2],
    ['Makefile', 1],
    ['scripts/compose-overlay.sh', 1],
  ])('are each list of variants %s writes', (file, lists) => {
    const found = variantListsIn(file);
    assert.equal(found.length, lists, `lists of variants in ${file}: ${JSON.stringify(found)}`);
    for (const variants of found) assert.deepEqual(variants, sorted(HPA_VARIANTS));
  });

  it('have the default compose-overlay.sh leaves out', () => {
    const script = readFileSync(repoPath('scripts/compose-overlay.sh'), 'utf8');
    assert.equal(/^DEFAULT_HPA=(\S+)/m.exec(script)?.[1], DEFAULT_HPA_VARIANT);
  });
});
