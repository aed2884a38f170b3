// Validates a Kubernetes object as the API server would, without a server: its fields' types,
// required fields and formats against the Kubernetes OpenAPI schemas compiled by `kubernetes-models`
// (Kubernetes 1.33), and every field name against @kubernetes/client-node's generated models, so a
// misspelt field (which the schemas, open to unknown fields, let through) fails as a server's strict
// field validation would.

import { createRequire } from 'node:module';

interface AttributeType {
  readonly baseName: string;
  readonly type: string;
}
interface ClientModel {
  getAttributeTypeMap?: () => readonly AttributeType[];
}
interface ValidationFailure {
  readonly errors?: readonly { instancePath: string; message?: string }[];
  readonly message: string;
}

const require = createRequire(import.meta.url);

/** Every problem found in `object` (`path: reason`), none when it is valid. */
export async function kubernetesObjectProblems(object: Record<string, unknown>): Promise<string[]> {
  const { apiVersion, kind } = object as { apiVersion?: string; kind?: string };
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return ['apiVersion and kind are required'];
  return [...schemaProblems(object, apiVersion, kind), ...(await unknownFields(object, `V1${kind}`, kind))];
}

/** Unknown fields of `value`, read as the client model `type` (`V1ObjectMeta`, `Array<V1Container>`...). */
export async function unknownFields(value: unknown, type: string, at: string): Promise<string[]> {
  const models = (await import('@kubernetes/client-node')) as unknown as Record<string, ClientModel | undefined>;
  return fieldProblems(models, value, type, at);
}

function schemaProblems(object: Record<string, unknown>, apiVersion: string, kind: string): string[] {
  // `kubernetes-models/<group>/<version>` exports one class per kind; core is `kubernetes-models/v1`.
  const module = require(`kubernetes-models/${apiVersion}`) as Record<
    string,
    new (data: unknown) => { validate(): void }
  >;
  const Model = module[kind];
  if (Model === undefined) return [`${apiVersion} has no kind ${kind}`];
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    const failure = error as ValidationFailure;
    return (failure.errors ?? [{ instancePath: '', message: failure.message }]).map(
      (e) => `${kind}${e.instancePath.replaceAll('/', '.')}: ${e.message ?? 'invalid'}`,
    );
  }
}

function fieldProblems(
  models: Record<string, ClientModel | undefined>,
  value: unknown,
  type: string,
  at: string,
): string[] {
  if (value === null || typeof value !== 'object') return [];
  const array = /^Array<(.+)>$/.exec(type);
  if (array !== null) {
    return Array.isArray(value)
      ? value.flatMap((item, i) => fieldProblems(models, item, array[1]!, `${at}[${i}]`))
      : [];
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map !== null) {
    return Object.entries(value).flatMap(([key, item]) => fieldProblems(models, item, map[1]!, `${at}.${key}`));
  }
  const attributes = models[type]?.getAttributeTypeMap?.();
  if (attributes === undefined) return []; // a scalar, IntOrString or free-form `any`
  return Object.entries(value).flatMap(([key, item]) => {
    const attribute = attributes.find((a) => a.baseName === key);
    if (attribute === undefined) return [`${at}.${key}: unknown field (not in ${type})`];
    return fieldProblems(models, item, attribute.type, `${at}.${key}`);
  });
}
