// JSON Schemas of KubeDiag's custom resources (group diagnosis.kubediag.org, version v1), written by
// hand from the openAPIV3Schema of its CRDs (config/crd/bases/diagnosis.kubediag.org_*.yaml) at the
// release v0.3.1 (2022-10-31) and at HEAD (b56c5a1, 2023-02-28): the field names, types and required
// fields, nothing else. Operation and OperationSet are the same at both; the Diagnosis changed
// (v0.3.x: `nodeName`, `podReference`; HEAD: `targetSelector`). Status is left out: a manifest
// does not set it. One rule is stricter than the API server: an unknown field is refused, because
// those `apiextensions.k8s.io/v1beta1` CRDs keep unknown fields, so a misspelt one would be stored
// and silently ignored.

export type KubeDiagVersion = 'v0.3' | 'head';
export type JsonSchema = Record<string, unknown>;

const string = { type: 'string' };
const integer = { type: 'integer' };
const int32 = { type: 'integer', minimum: -2147483648, maximum: 2147483647 };
const arrayOf = (items: JsonSchema): JsonSchema => ({ type: 'array', items });
const mapOf = (values: JsonSchema): JsonSchema => ({ type: 'object', additionalProperties: values });
const object = (properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});

const podReference = object({ namespace: string, name: string, container: string }, ['name', 'namespace']);
const labelSelector = object({
  matchExpressions: arrayOf(object({ key: string, operator: string, values: arrayOf(string) }, ['key', 'operator'])),
  matchLabels: mapOf(string),
});

const operationSpec = object(
  {
    dependences: arrayOf(string),
    processor: object({
      function: object({ codeSource: mapOf(string), runtime: string }, ['codeSource', 'runtime']),
      httpServer: object({ address: string, path: string, port: int32, scheme: string }),
      scriptRunner: object({ argKeys: arrayOf(string), operationResultKey: string, script: string }, ['script']),
      timeoutSeconds: int32,
    }),
    storage: object({ hostPath: object({ path: string }, ['path']) }),
  },
  ['processor'],
);

const operationSetSpec = object(
  {
    adjacencyList: arrayOf(
      object({ id: integer, operation: string, to: arrayOf(integer), dependences: arrayOf(integer) }),
    ),
  },
  ['adjacencyList'],
);

const diagnosisSpec: Record<KubeDiagVersion, JsonSchema> = {
  'v0.3': {
    ...object({ operationSet: string, parameters: mapOf(string), nodeName: string, podReference }, ['operationSet']),
    // Not in the CRD but in its controller, which fails a Diagnosis with neither.
    anyOf: [{ required: ['nodeName'] }, { required: ['podReference'] }],
  },
  head: object(
    {
      operationSet: string,
      parameters: mapOf(string),
      targetSelector: {
        ...object({
          nodeNames: arrayOf(string),
          nodeSelector: labelSelector,
          podReferences: arrayOf(podReference),
          podSelector: labelSelector,
        }),
        // Required here though not in the CRD: HEAD's master runs Tasks only on the nodes the
        // selector names, so a Diagnosis without one runs nothing.
        anyOf: ['nodeNames', 'nodeSelector', 'podReferences', 'podSelector'].map((key) => ({ required: [key] })),
      },
    },
    ['operationSet', 'targetSelector'],
  ),
};

const resource = (kind: string, spec: JsonSchema): JsonSchema =>
  object(
    {
      apiVersion: { const: 'diagnosis.kubediag.org/v1' },
      kind: { const: kind },
      metadata: { type: 'object', properties: { name: string }, required: ['name'] },
      spec,
    },
    ['apiVersion', 'kind', 'metadata', 'spec'],
  );

/** The schema of `kind` at `version`; undefined for a kind KubeDiag does not define. */
export function kubeDiagSchema(kind: string, version: KubeDiagVersion): JsonSchema | undefined {
  if (kind === 'Operation') return resource(kind, operationSpec);
  if (kind === 'OperationSet') return resource(kind, operationSetSpec);
  if (kind === 'Diagnosis') return resource(kind, diagnosisSpec[version]);
  return undefined;
}

/** Operations and OperationSets are cluster-scoped, Diagnoses namespaced. */
export const KUBEDIAG_CLUSTER_SCOPED_KINDS: readonly string[] = ['Operation', 'OperationSet'];
