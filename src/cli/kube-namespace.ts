// The namespace a pod TARGET is in when `-n` is not given: the kubeconfig context's, else
// `default`, as kubectl decides it.

import { connectToKubernetes, KubeApiError, type KubeAccess } from '../fetch/index.js';

/** `--context`'s namespace, else the current context's, else `default`. */
export async function defaultNamespace(access: KubeAccess): Promise<string> {
  try {
    const { config } = await connectToKubernetes(access);
    return config.getContextObject(config.getCurrentContext())?.namespace ?? 'default';
  } catch (error) {
    throw new KubeApiError('read kubeconfig', (error as Error).message, { cause: error });
  }
}
