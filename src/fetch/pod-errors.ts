// Typed errors for reaching a pod through the API server: forbidden by RBAC, missing, a port that
// refuses or does not exist, and the API itself out of reach. Messages quote the API server's
// Status message (it names the missing permission), never a credential.

import { GoProfilerError } from '../errors/index.js';

/** `NS/NAME`, as messages and answers name a pod. */
export interface PodReference {
  readonly namespace: string;
  readonly name: string;
}

export function podText(pod: PodReference): string {
  return `${pod.namespace}/${pod.name}`;
}

/** The API server answered 403: RBAC does not let this user do what the capture needs. */
export class KubeForbiddenError extends GoProfilerError {
  override readonly name = 'KubeForbiddenError';
  constructor(
    action: string,
    /** The API server's own Status message, quoted as it came. */
    readonly apiMessage: string,
    options?: { cause?: unknown },
  ) {
    super(action, `the API server answered 403: ${apiMessage}`, options);
  }
}

/** The API server answered 404 for the pod. */
export class PodNotFoundError extends GoProfilerError {
  override readonly name = 'PodNotFoundError';
  constructor(
    readonly pod: PodReference,
    readonly apiMessage: string,
    options?: { cause?: unknown },
  ) {
    super(`find pod ${podText(pod)}`, `the API server answered 404: ${apiMessage}`, options);
  }
}

/**
 * The port is not one to proxy to: not a number nor a port name (syntax), or a name no container
 * of the pod declares. `refused` names the request key to blame (the processor maps it).
 */
export class PodPortError extends GoProfilerError {
  override readonly name = 'PodPortError';
  readonly refused = 'port';
  constructor(
    readonly port: string,
    action: string,
    /** Why, without the action: what the processor's answer says beside the key. */
    readonly reason: string,
  ) {
    super(action, reason);
  }
}

/** The API server could not reach the pod's port (refused, no route, TLS): its 502 or 503. */
export class PodUnreachableError extends GoProfilerError {
  override readonly name = 'PodUnreachableError';
  constructor(
    readonly pod: PodReference,
    readonly port: number,
    readonly status: number,
    apiMessage: string | undefined,
    options?: { cause?: unknown },
  ) {
    const quoted = apiMessage === undefined ? '' : `: ${apiMessage}`;
    super(
      `fetch pod ${podText(pod)} port ${port}`,
      `the API server could not reach it (HTTP ${status}${quoted})`,
      options,
    );
  }
}

/** The API server is out of reach, unconfigured, or answered something other than the above. */
export class KubeApiError extends GoProfilerError {
  override readonly name = 'KubeApiError';
}
