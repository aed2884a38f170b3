// Reads the Secret that holds a target's bearer token and CA (`token`, `ca.crt`) from the
// Kubernetes API with @kubernetes/client-node, imported only when the first Secret is needed.

import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { SecretIncompleteError, SecretNotFoundError, SecretReadError, type SecretReference } from './secret-errors.js';

/** What an https fetch needs from the Secret, and its annotations (where its owner allows the token to go). */
export interface TlsCredentials {
  readonly bearerToken: string;
  readonly caPem: string;
  readonly annotations: Readonly<Record<string, string>>;
}

/** The secret-reader edge: injected into the processor so other sources can replace the API. */
export interface SecretReader {
  readTlsCredentials(secret: SecretReference): Promise<TlsCredentials>;
}

export interface KubernetesSecretReaderOptions {
  /** A kubeconfig file (`--kubeconfig`); when unset: `KUBECONFIG`, else in-cluster in a pod, else ~/.kube/config. */
  readonly kubeconfigPath?: string;
}

interface SecretObject {
  readonly data: Readonly<Record<string, string>> | undefined;
  readonly annotations: Readonly<Record<string, string>> | undefined;
}
type ReadSecret = (secret: SecretReference) => Promise<SecretObject>;

/** A SecretReader on the Kubernetes API; the client is built on first use and then reused. */
export function createKubernetesSecretReader(options: KubernetesSecretReaderOptions = {}): SecretReader {
  let client: Promise<ReadSecret> | undefined;
  return {
    async readTlsCredentials(secret) {
      client ??= connectToKubernetes(options);
      let read: ReadSecret;
      try {
        read = await client;
      } catch (error) {
        client = undefined; // a kubeconfig fixed later is picked up by the next request
        throw new SecretReadError(secret, `no Kubernetes configuration: ${(error as Error).message}`, {
          cause: error,
        });
      }
      const object = await read(secret);
      return { ...credentialsFromData(secret, object.data), annotations: object.annotations ?? {} };
    },
  };
}

async function connectToKubernetes(options: KubernetesSecretReaderOptions): Promise<ReadSecret> {
  const k8s = await import('@kubernetes/client-node');
  const config = new k8s.KubeConfig();
  const defaultFile = path.join(homedir(), '.kube', 'config');
  if (options.kubeconfigPath !== undefined && options.kubeconfigPath !== '') {
    config.loadFromFile(options.kubeconfigPath);
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
  if (config.getCurrentCluster() === null) throw new Error('the kubeconfig names no current cluster');
  const api = config.makeApiClient(k8s.CoreV1Api);
  return async (secret) => {
    try {
      const object = await api.readNamespacedSecret({ name: secret.name, namespace: secret.namespace });
      return { data: object.data, annotations: object.metadata?.annotations };
    } catch (error) {
      throw secretApiError(secret, error, k8s.ApiException);
    }
  };
}

function secretApiError(
  secret: SecretReference,
  error: unknown,
  ApiException: abstract new (...args: never[]) => Error,
) {
  if (error instanceof ApiException) {
    const { code, body } = error as unknown as { code: number; body: unknown };
    if (code === 404) return new SecretNotFoundError(secret, { cause: error });
    return new SecretReadError(secret, `the Kubernetes API answered HTTP ${code}${statusMessage(body)}`, {
      cause: error,
    });
  }
  const code = (error as { code?: unknown }).code;
  const reason = typeof code === 'string' ? `${(error as Error).message} (${code})` : (error as Error).message;
  return new SecretReadError(secret, `the Kubernetes API could not be reached: ${reason}`, { cause: error });
}

/** The `message` of a Kubernetes Status body (`secrets "x" is forbidden: ...`), as ": <message>". */
function statusMessage(body: unknown): string {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return '';
    }
  }
  const message = (parsed as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message !== '' ? `: ${message}` : '';
}

function credentialsFromData(secret: SecretReference, data: SecretObject['data']): Omit<TlsCredentials, 'annotations'> {
  const field = (key: string): string => {
    const encoded = data?.[key];
    if (encoded === undefined || encoded === '') {
      throw new SecretIncompleteError(secret, `the Secret has no "${key}" key (it needs "token" and "ca.crt")`);
    }
    return Buffer.from(encoded, 'base64').toString('utf8');
  };
  // A token written with `--from-file` often ends in a newline, which no header may carry.
  const bearerToken = field('token').trim();
  if (bearerToken === '' || !/^[\x21-\x7e]+$/.test(bearerToken)) {
    throw new SecretIncompleteError(secret, 'the "token" key is empty or holds characters other than printable ASCII');
  }
  const caPem = field('ca.crt');
  try {
    new X509Certificate(caPem);
  } catch (error) {
    throw new SecretIncompleteError(secret, 'the "ca.crt" key holds no PEM certificate', { cause: error });
  }
  return { bearerToken, caPem };
}
