// The samples under deploy/samples/ are what a user applies as they are: valid against KubeDiag's
// CRDs of the version each names (v0.3.x or HEAD) and against the Kubernetes schemas, requests the
// processor accepts, and an API server profile whose token its Secret allows where it is sent.

import type { V1ClusterRole, V1ClusterRoleBinding } from '@kubernetes/client-node';
import { Ajv } from 'ajv';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { buildProfileUrl, PROFILE_TYPES } from '../src/fetch/index.js';
import { checkSecretConsent } from '../src/fetch/secret-consent.js';
import { parseCaptureRequest } from '../src/processor/capture-request.js';
import { ALLOWED_SOURCES } from './support/kube-api-server.js';
import { KUBEDIAG_CLUSTER_SCOPED_KINDS, kubeDiagSchema, type KubeDiagVersion } from './support/kubediag-schemas.js';
import { kubernetesObjectProblems, unknownFields } from './support/kubernetes-schema.js';
import { DEPLOY_DIR, only, readManifests, type Manifest } from './support/manifests.js';

interface Diagnosis extends Manifest {
  readonly spec: {
    readonly operationSet: string;
    readonly parameters: Record<string, string>;
    readonly nodeName?: string;
    readonly podReference?: { namespace: string; name: string };
    readonly targetSelector?: { nodeNames?: string[]; podReferences?: { namespace: string; name: string }[] };
  };
}

const PARAM = 'param.diagnoser.runtime.go_profiler.';
const SAMPLES = readdirSync(path.join(DEPLOY_DIR, 'samples')).sort();
// Strict schemas, but `anyOf: [{required: [...]}]` names properties declared beside it, not in it.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });

/** The KubeDiag versions a sample file is written for: its name says (`-v0.3`, `-head`), else both. */
function versionsOf(file: string): KubeDiagVersion[] {
  if (file.endsWith('-v0.3.yaml')) return ['v0.3'];
  if (file.endsWith('-head.yaml')) return ['head'];
  return ['v0.3', 'head'];
}

function kubeDiagProblems(object: Manifest, version: KubeDiagVersion): string[] {
  const schema = kubeDiagSchema(object.kind, version);
  if (schema === undefined) return [`KubeDiag defines no kind ${object.kind}`];
  const validate = ajv.compile(schema);
  if (validate(object)) return [];
  return (validate.errors ?? []).map(
    (e) =>
      `${e.instancePath || '/'} ${e.message ?? ''}${e.params.additionalProperty === undefined ? '' : ` ${String(e.params.additionalProperty)}`}`,
  );
}

function diagnosis(file: string): Diagnosis {
  return only(readManifests(`samples/${file}`), 'Diagnosis') as Diagnosis;
}

describe('deploy/samples/', () => {
  it('holds an OperationSet, Diagnoses for KubeDiag v0.3.x and HEAD, and the API server profile', () => {
    assert.deepEqual(SAMPLES, [
      'apiserver-profiler.yaml',
      'diagnosis-apiserver-v0.3.yaml',
      'diagnosis-node-head.yaml',
      'diagnosis-node-v0.3.yaml',
      'diagnosis-pod-head.yaml',
      'diagnosis-pod-v0.3.yaml',
      'operationset.yaml',
    ]);
  });

  it('validates every KubeDiag object against the CRD schema of each version it is written for', async () => {
    let checked = 0;
    for (const file of SAMPLES) {
      for (const object of readManifests(`samples/${file}`).filter((m) =>
        m.apiVersion.startsWith('diagnosis.kubediag.org/'),
      )) {
        for (const version of versionsOf(file)) {
          assert.deepEqual(kubeDiagProblems(object, version), [], `${file} at KubeDiag ${version}`);
          checked += 1;
        }
        assert.deepEqual(await unknownFields(object.metadata, 'V1ObjectMeta', `${file} metadata`), []);
        const clusterScoped = KUBEDIAG_CLUSTER_SCOPED_KINDS.includes(object.kind);
        assert.equal(object.metadata.namespace === undefined, clusterScoped, `${file}: ${object.kind}'s namespace`);
      }
    }
    assert.equal(checked, 7, 'the OperationSet at both versions, five Diagnoses at one');
  });

  it("tells the versions' Diagnoses apart: each is refused by the other version's schema", () => {
    assert.deepEqual(kubeDiagProblems(diagnosis('diagnosis-node-v0.3.yaml'), 'head'), [
      "/spec must have required property 'targetSelector'",
      '/spec must NOT have additional properties nodeName',
    ]);
    assert.deepEqual(kubeDiagProblems(diagnosis('diagnosis-pod-head.yaml'), 'v0.3'), [
      "/spec must have required property 'nodeName'",
      "/spec must have required property 'podReference'",
      '/spec must match a schema in anyOf',
      '/spec must NOT have additional properties targetSelector',
    ]);
  });

  it('validates the built-in objects against the Kubernetes schemas', async () => {
    const objects = readManifests('samples/apiserver-profiler.yaml');
    assert.deepEqual(
      objects.map((m) => m.kind),
      ['ServiceAccount', 'Secret', 'ClusterRole', 'ClusterRoleBinding'],
    );
    for (const object of objects) assert.deepEqual(await kubernetesObjectProblems(object), [], object.kind);
  });

  it('runs every Diagnosis through the OperationSet whose one step is the go-profiler Operation', () => {
    const operationSet = only(readManifests('samples/operationset.yaml'), 'OperationSet') as unknown as {
      metadata: { name: string };
      spec: { adjacencyList: { id: number; to?: number[]; operation?: string }[] };
    };
    const operation = only(readManifests('operation.yaml'), 'Operation');
    assert.deepEqual(operationSet.spec.adjacencyList, [
      { id: 0, to: [1] },
      { id: 1, operation: operation.metadata.name },
    ]);
    for (const file of SAMPLES.filter((name) => name.startsWith('diagnosis-'))) {
      assert.equal(diagnosis(file).spec.operationSet, operationSet.metadata.name, file);
    }
  });

  it('gives the processor requests it accepts: by source', () => {
    for (const file of ['diagnosis-node-v0.3.yaml', 'diagnosis-node-head.yaml', 'diagnosis-apiserver-v0.3.yaml']) {
      const request = parseCaptureRequest(diagnosis(file).spec.parameters, { cpuSeconds: 30 });
      assert.equal(request.type, 'Heap', file);
    }
    assert.deepEqual(
      diagnosis('diagnosis-node-head.yaml').spec.parameters,
      diagnosis('diagnosis-node-v0.3.yaml').spec.parameters,
    );
  });

  it('names the pod as each version sends it: v0.3.x from podReference, HEAD in the parameters', () => {
    const old = diagnosis('diagnosis-pod-v0.3.yaml');
    const head = diagnosis('diagnosis-pod-head.yaml');
    const pod = { namespace: 'shop', name: 'web-0' };
    assert.deepEqual(old.spec.podReference, pod);
    assert.deepEqual(head.spec.targetSelector?.podReferences, [pod]);
    const request = { [`${PARAM}type`]: 'Profile', [`${PARAM}seconds`]: '20', [`${PARAM}port`]: 'pprof' };
    // No source: the processor captures through the pod proxy (SPEC §6).
    assert.deepEqual(old.spec.parameters, request);
    // HEAD's Tasks carry no pod, so its agent adds no pod.* keys: the parameters hold them, as the keys v0.3.x sends.
    assert.deepEqual(head.spec.parameters, { 'pod.namespace': pod.namespace, 'pod.name': pod.name, ...request });
  });

  it('profiles the API server with a token its Secret allows there, for a role on /debug/pprof/*', () => {
    const objects = readManifests('samples/apiserver-profiler.yaml');
    const serviceAccount = only(objects, 'ServiceAccount');
    const secret = only(objects, 'Secret') as Manifest & { type: string };
    const role = only(objects, 'ClusterRole') as unknown as V1ClusterRole;
    const binding = only(objects, 'ClusterRoleBinding') as unknown as V1ClusterRoleBinding;
    assert.equal(secret.type, 'kubernetes.io/service-account-token');
    assert.equal(secret.metadata.annotations?.['kubernetes.io/service-account.name'], serviceAccount.metadata.name);
    assert.equal(secret.metadata.namespace, serviceAccount.metadata.namespace);
    assert.deepEqual(role.rules, [{ nonResourceURLs: ['/debug/pprof/*'], verbs: ['get'] }]);
    assert.deepEqual(binding.roleRef, {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: role.metadata?.name,
    });
    assert.deepEqual(binding.subjects, [
      { kind: 'ServiceAccount', name: serviceAccount.metadata.name, namespace: serviceAccount.metadata.namespace },
    ]);

    const { parameters } = diagnosis('diagnosis-apiserver-v0.3.yaml').spec;
    assert.equal(parameters[`${PARAM}tls.secret_reference.name`], secret.metadata.name);
    assert.equal(parameters[`${PARAM}tls.secret_reference.namespace`], secret.metadata.namespace);
    const reference = { namespace: secret.metadata.namespace!, name: secret.metadata.name };
    for (const type of PROFILE_TYPES) {
      const url = buildProfileUrl(parameters[`${PARAM}source`]!, type, 30);
      // The processor's own consent check (SPEC §5) lets the token go there...
      checkSecretConsent(url, reference, ALLOWED_SOURCES, secret.metadata.annotations?.[ALLOWED_SOURCES]);
      // ...and the API server lets the ServiceAccount read it.
      assert.ok(url.pathname.startsWith('/debug/pprof/'), url.pathname);
    }
  });
});
