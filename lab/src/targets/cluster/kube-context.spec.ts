import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { kubeConfigFor } from '../../../test/support/cluster/fake-kube-api';
import { chooseContext, ContextRefusedError, KIND_CONTEXT } from './kube-context';

const config = (current: string) => kubeConfigFor('http://127.0.0.1:1', current);

describe('kube context guard', () => {
  it('kind uses kind-iris-lab, whatever the current context is', () => {
    assert.equal(chooseContext(config('production'), { target: 'kind' }), KIND_CONTEXT);
  });

  it('refuses any other context for kind unless --context and --allow-context are both given', () => {
    assert.throws(
      () => chooseContext(config('production'), { target: 'kind', context: 'production' }),
      (error: unknown) =>
        error instanceof ContextRefusedError && /--context production --allow-context/.test(error.message),
    );
    assert.equal(
      chooseContext(config('production'), { target: 'kind', context: 'production', allowContext: true }),
      'production',
    );
    assert.throws(
      () => chooseContext(config('production'), { target: 'kind', allowContext: true }),
      /needs --context <name>/,
    );
  });

  it('refuses a context that is not in the kubeconfig, and says how to create the kind one', () => {
    assert.throws(
      () => chooseContext(kubeConfigFor('http://127.0.0.1:1', 'elsewhere', []), { target: 'kind' }),
      /no kube context "kind-iris-lab".*make lab-up/,
    );
    assert.throws(
      () => chooseContext(config('production'), { target: 'kind', context: 'nope', allowContext: true }),
      /no kube context "nope"/,
    );
  });

  it('gke accepts gke_<project>_<location>_<cluster> contexts only, unless allowed', () => {
    const gke = kubeConfigFor('http://127.0.0.1:1', 'gke_my-project_europe-west1_iris-lab');
    assert.equal(
      chooseContext(gke, { target: 'gke', context: 'gke_my-project_europe-west1_iris-lab' }),
      'gke_my-project_europe-west1_iris-lab',
    );
    assert.equal(chooseContext(gke, { target: 'gke' }), 'gke_my-project_europe-west1_iris-lab');
    assert.throws(() => chooseContext(gke, { target: 'gke', context: 'production' }), ContextRefusedError);
    assert.throws(
      () => chooseContext(config(KIND_CONTEXT), { target: 'gke' }),
      /expected a gke_<project>_<location>_<cluster> context/,
    );
  });
});
