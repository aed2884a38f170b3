// The namespace a pod TARGET is in when `-n` is not given: the kubeconfig context's, else
// `default`, as kubectl decides it (@kubernetes/client-node imported only when a pod is named).

import { KubeconfigError } from './capture-errors.js';

/** Until i9-pod lands: fetch/'s KubeAccess. */
export interface KubeAccess {
  readonly kubeconfigPath?: string;
  readonly context?: string;
}

/** `--context`'s namespace, else the current context's, else `default`. */
export async function defaultNamespace(access: KubeAccess): Promise<string> {
  const k8s = await import('@kubernetes/client-node');
  const config = new k8s.KubeConfig();
  const file = access.kubeconfigPath ?? process.env.KUBECONFIG ?? '~/.kube/config';
  try {
    if (access.kubeconfigPath !== undefined) config.loadFromFile(access.kubeconfigPath);
    else config.loadFromDefault();
  } catch (error) {
    throw new KubeconfigError(file, error instanceof Error ? error.message : String(error), { cause: error });
  }
  const context = access.context ?? config.getCurrentContext();
  const object = config.getContextObject(context);
  if (access.context !== undefined && object === null) {
    const names = config.getContexts().map((known) => known.name);
    throw new KubeconfigError(
      file,
      `no context ${JSON.stringify(access.context)} (it has ${names.join(', ') || 'none'})`,
    );
  }
  return object?.namespace ?? 'default';
}
