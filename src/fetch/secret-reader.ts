// Reads the Secret that holds a target's bearer token and CA (`token`, `ca.crt`) from the
// Kubernetes API with @kubernetes/client-node, imported only when the first Secret is needed.

import { X509Certificate } from 'node:crypto';
import { connectToKubernetes, statusMessageOf, type KubeAccess } from './kube-access.js';
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

/** A kubeconfig file (`--kubeconfig`); when unset: `KUBECONFIG`, else in-cluster in a pod, else ~/.kube/config. */
export type KubernetesSecretReaderOptions = KubeAccess;

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
      client ??= connectSecretReader(options);
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

async function connectSecretReader(options: KubernetesSecretReaderOptions): Promise<ReadSecret> {
  const { k8s, core } = await connectToKubernetes(options);
  return async (secret) => {
    try {
      const object = await core.readNamespacedSecret({ name: secret.name, namespace: secret.namespace });
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

/** The Status body's message as ": <message>", or nothing. */
function statusMessage(body: unknown): string {
  const message = statusMessageOf(body);
  return message === undefined ? '' : `: ${message}`;
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
