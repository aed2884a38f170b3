// Checks a pod reference before it becomes part of an API path: Kubernetes' own name rules, so a
// name can never add a path segment, a query or a port to the URL fetched.

import { GoProfilerError } from '../errors/index.js';
import type { PodReference } from './pod-errors.js';

/** A namespace or pod name Kubernetes would not accept. `refused` names the request key to blame. */
export class PodNameError extends GoProfilerError {
  override readonly name = 'PodNameError';
  constructor(
    readonly refused: 'pod.namespace' | 'pod.name',
    value: string,
    reason: string,
  ) {
    super(`parse ${refused} ${JSON.stringify(value)}`, reason);
  }
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The reference as given, once its namespace is a DNS-1123 label and its name a DNS-1123 subdomain. */
export function checkPodReference(pod: PodReference): PodReference {
  if (pod.namespace.length > 63 || !DNS_LABEL.test(pod.namespace)) {
    throw new PodNameError('pod.namespace', pod.namespace, 'not a namespace name (a DNS-1123 label)');
  }
  const labels = pod.name.split('.');
  if (pod.name.length > 253 || !labels.every((label) => label.length <= 63 && DNS_LABEL.test(label))) {
    throw new PodNameError('pod.name', pod.name, 'not a pod name (a DNS-1123 subdomain)');
  }
  return { namespace: pod.namespace, name: pod.name };
}
