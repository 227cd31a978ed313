// The guard in front of every cluster run: the lab only touches the cluster it owns. kind: the `kind-iris-lab`
// context; GKE: a `gke_<project>_<location>_<cluster>` context named with --context. Any other context (another
// team's cluster, production) needs --context <name> --allow-context, said out loud on the command line.
import { KubeConfig } from '@kubernetes/client-node';

export const KIND_CONTEXT = 'kind-iris-lab';
export const LAB_NAMESPACE = 'iris-lab';
const GKE_CONTEXT = /^gke_[^_]+_[^_]+_.+$/;

export type ClusterTargetName = 'kind' | 'gke';

export interface ContextChoice {
  target: ClusterTargetName;
  /** --context; default: kind-iris-lab for kind, the current context for gke */
  context?: string;
  /** --allow-context: accept a context the lab does not recognize as its own */
  allowContext?: boolean;
}

export class ContextRefusedError extends Error {}

/** Checks the choice against the kubeconfig and returns the context to use; throws ContextRefusedError. */
export function chooseContext(kubeConfig: KubeConfig, choice: ContextChoice): string {
  const context =
    choice.context ?? (choice.target === 'kind' ? KIND_CONTEXT : kubeConfig.getCurrentContext());
  const known = kubeConfig.getContexts().map((c) => c.name);
  if (!context || !known.includes(context)) {
    throw new ContextRefusedError(
      `no kube context "${context ?? ''}" in the kubeconfig (known: ${known.join(', ') || 'none'})` +
        (choice.target === 'kind' ? '; create it with `make lab-up` (kind cluster iris-lab)' : ''),
    );
  }
  const ours = choice.target === 'kind' ? context === KIND_CONTEXT : GKE_CONTEXT.test(context);
  if (!ours && !choice.allowContext) {
    const expected = choice.target === 'kind' ? KIND_CONTEXT : 'a gke_<project>_<location>_<cluster> context';
    throw new ContextRefusedError(
      `refusing kube context "${context}" for --target ${choice.target} (expected ${expected}); ` +
        `if you really mean it, pass --context ${context} --allow-context`,
    );
  }
  if (choice.allowContext && choice.context === undefined) {
    throw new ContextRefusedError('--allow-context needs --context <name>: name the context you allow');
  }
  return context;
}

/** The kubeconfig as kubectl sees it ($KUBECONFIG or ~/.kube/config), switched to the chosen context. */
export function kubeConfigFor(choice: ContextChoice, kubeConfig = loadDefaultKubeConfig()): KubeConfig {
  kubeConfig.setCurrentContext(chooseContext(kubeConfig, choice));
  return kubeConfig;
}

function loadDefaultKubeConfig(): KubeConfig {
  const kubeConfig = new KubeConfig();
  try {
    kubeConfig.loadFromDefault();
  } catch (error) {
    const source = process.env.KUBECONFIG ? `KUBECONFIG=${process.env.KUBECONFIG}` : '~/.kube/config';
    throw new ContextRefusedError(`cannot read the kubeconfig (${source}): ${(error as Error).message}`);
  }
  return kubeConfig;
}
