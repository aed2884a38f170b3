// The request's keys in both forms: KubeDiag's flat long form and the seed's nested short form.

const PARAM = 'param.diagnoser.runtime.go_profiler.';

export interface KeyForms {
  /** The flat key an executor sends, e.g. `param.diagnoser.runtime.go_profiler.type`. */
  readonly long: string;
  /** The short form's path, e.g. ['tls', 'secretReference', 'name']; empty when there is none. */
  readonly short: readonly string[];
}

export const PARAMETER_KEYS = {
  source: { long: `${PARAM}source`, short: ['source'] },
  type: { long: `${PARAM}type`, short: ['type'] },
  secretName: { long: `${PARAM}tls.secret_reference.name`, short: ['tls', 'secretReference', 'name'] },
  secretNamespace: { long: `${PARAM}tls.secret_reference.namespace`, short: ['tls', 'secretReference', 'namespace'] },
  expirationSeconds: { long: `${PARAM}expiration_seconds`, short: ['expirationSeconds'] },
  seconds: { long: `${PARAM}seconds`, short: ['seconds'] },
  // Captures by pod reference (SPEC §6): the pod's port (number or name) and the scheme it speaks.
  port: { long: `${PARAM}port`, short: ['port'] },
  scheme: { long: `${PARAM}scheme`, short: ['scheme'] },
} as const satisfies Record<string, KeyForms>;

/** Context the executor adds (flat keys; `task.*` is what newer agents send instead of `diagnosis.*`). */
export const CONTEXT_KEYS = {
  diagnosisNamespace: ['diagnosis.namespace', 'task.namespace'],
  diagnosisName: ['diagnosis.name', 'task.name'],
  diagnosisUid: ['diagnosis.uid', 'task.uid'],
  podNamespace: ['pod.namespace'],
  podName: ['pod.name'],
  container: ['container'],
  node: ['node'],
} as const satisfies Record<string, readonly string[]>;

/** Prefix of every key in a 200 answer. */
export const RESULT_PREFIX = 'diagnoser.runtime.go_profiler.result.';
