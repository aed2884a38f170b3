// Loads how to reach the Kubernetes API (a kubeconfig file and context, else client-node's default
// order) with @kubernetes/client-node, imported only when the first API call needs it.

import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import type * as KubernetesClient from '@kubernetes/client-node';

/**
 * How to reach the API server: a kubeconfig file and context (CLI), or, both absent, the default
 * loading of @kubernetes/client-node (KUBECONFIG, ~/.kube/config, in-cluster ServiceAccount).
 */
export interface KubeAccess {
  readonly kubeconfigPath?: string;
  readonly context?: string;
}

// A type-only import: erased at run time, so the module is still loaded on first use only.
export type KubernetesModule = typeof KubernetesClient;

/** A loaded configuration and the client module it came with (classes such as ApiException). */
export interface KubeConnection {
  readonly k8s: KubernetesModule;
  readonly config: InstanceType<KubernetesModule['KubeConfig']>;
  readonly core: InstanceType<KubernetesModule['CoreV1Api']>;
  /** The API server's base URL, without a trailing slash (it may carry a path: Rancher, proxies). */
  readonly server: string;
}

const loaded = new Map<string, Promise<KubeConnection>>();

/**
 * The connection for `access`, loaded once and reused; a failed load is forgotten, so a
 * kubeconfig fixed later is picked up by the next call. Throws a plain Error saying what is
 * missing: callers wrap it in their own typed error.
 */
export function connectToKubernetes(access: KubeAccess): Promise<KubeConnection> {
  // The environment is part of the key: default loading reads it (tests and tools change it).
  const { KUBECONFIG, KUBERNETES_SERVICE_HOST } = process.env;
  const key = JSON.stringify([access.kubeconfigPath, access.context, KUBECONFIG, KUBERNETES_SERVICE_HOST]);
  let connection = loaded.get(key);
  if (connection === undefined) {
    connection = loadConnection(access);
    loaded.set(key, connection);
    connection.catch(() => loaded.delete(key));
  }
  return connection;
}

async function loadConnection(access: KubeAccess): Promise<KubeConnection> {
  const k8s = await import('@kubernetes/client-node');
  const config = new k8s.KubeConfig();
  const defaultFile = path.join(homedir(), '.kube', 'config');
  if (access.kubeconfigPath !== undefined && access.kubeconfigPath !== '') {
    config.loadFromFile(access.kubeconfigPath);
  } else if ((process.env.KUBECONFIG ?? '') !== '') {
    config.loadFromDefault();
  } else if ((process.env.KUBERNETES_SERVICE_HOST ?? '') !== '') {
    config.loadFromCluster();
  } else if (existsSync(defaultFile)) {
    config.loadFromFile(defaultFile);
  } else {
    // client-node would fall back to http://localhost:8080 and fail with a puzzling TLS message.
    throw new Error(`no kubeconfig: pass --kubeconfig, set KUBECONFIG, create ${defaultFile}, or run in a pod`);
  }
  if (access.context !== undefined && access.context !== '') {
    if (config.getContextObject(access.context) === null) {
      throw new Error(`the kubeconfig has no context named ${JSON.stringify(access.context)}`);
    }
    config.setCurrentContext(access.context);
  }
  const cluster = config.getCurrentCluster();
  if (cluster === null) throw new Error('the kubeconfig names no current cluster');
  return { k8s, config, core: config.makeApiClient(k8s.CoreV1Api), server: cluster.server.replace(/\/+$/, '') };
}

/** The `message` of a Kubernetes Status body (`pods "x" is forbidden: ...`); undefined when there is none. */
export function statusMessageOf(body: unknown): string | undefined {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return undefined; // not JSON: no Status to quote (the caller names the code instead)
    }
  }
  const message = (parsed as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message !== '' ? message : undefined;
}
