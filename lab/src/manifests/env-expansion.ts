// How the kubelet turns a Deployment's env into a container's: $(VAR) references expanded. The embedded pods get
// their env this way, and so does the service's pod-like container test (through the lab's package entry).
/** Kubernetes' $(VAR) expansion of env values, against the variables defined before (here: all of them). */
export function expandEnv(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([key, value]) => [
      key,
      value.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string) => env[name] ?? whole),
    ]),
  );
}
