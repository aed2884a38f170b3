// What `kubectl apply -k deploy/` sends is valid Kubernetes, agrees with SPEC §1 and §6 and with
// itself: the Operation KubeDiag calls is where the DaemonSet's processor listens, Prometheus scrapes
// that port, every setting passed is one `serve` reads, the pod runs hardened as the image's user
// with a data root it can write, and the ClusterRole grants exactly the API calls the code makes.

import type {
  V1ClusterRole,
  V1ClusterRoleBinding,
  V1Container,
  V1DaemonSet,
  V1PolicyRule,
} from '@kubernetes/client-node';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { createKubernetesSecretReader } from '../src/fetch/index.js';
import { KUBERNETES_API_CALLS } from '../src/fetch/kubernetes-api-calls.js';
import { makeCertificates } from './support/certificates.js';
import { REPO_ROOT } from './support/fixtures.js';
import { startKubeApiServer, type KubeApiServer } from './support/kube-api-server.js';
import { kubernetesObjectProblems } from './support/kubernetes-schema.js';
import { only, readManifests, renderKustomization, type Manifest } from './support/manifests.js';

/** The uid of the `node` user in the official Node.js images deploy/Dockerfile builds on. */
const NODE_IMAGE_UID = 1000;

let rendered: Manifest[];
before(async () => {
  rendered = await renderKustomization();
});

function daemonSetPod() {
  const daemonSet = only(rendered, 'DaemonSet', 'go-profiler') as unknown as V1DaemonSet;
  const pod = daemonSet.spec!.template;
  const container = pod.spec!.containers.find((c) => c.name === 'go-profiler')!;
  const env = new Map((container.env ?? []).map((e) => [e.name, e.value]));
  return { pod, spec: pod.spec!, container, env };
}

function dataMountPath(container: V1Container): string {
  const mount = container.volumeMounts?.find((m) => m.name === 'data');
  assert.ok(mount !== undefined, `${container.name} mounts no data volume`);
  return mount.mountPath;
}

describe('kubectl apply -k deploy/', () => {
  it('renders the processor, its RBAC and its Operation, with the image that `images:` names', async () => {
    assert.deepEqual(
      rendered.map((m) => `${m.kind}/${m.metadata.namespace ?? '-'}/${m.metadata.name}`),
      [
        'ServiceAccount/kubediag/go-profiler',
        'ClusterRole/-/go-profiler',
        'ClusterRoleBinding/-/go-profiler',
        'DaemonSet/kubediag/go-profiler',
        'Operation/-/go-profiler',
      ],
    );
    const kustomization = readManifests('kustomization.yaml')[0] as unknown as {
      images: { name: string; newName: string; newTag: string }[];
    };
    const [image] = kustomization.images;
    const { spec } = daemonSetPod();
    const images = [...(spec.initContainers ?? []), ...spec.containers].map((c) => `${c.name}=${c.image}`);
    assert.deepEqual(images, [
      `data-owner=${image!.newName}:${image!.newTag}`,
      `go-profiler=${image!.newName}:${image!.newTag}`,
    ]);
  });

  it('validates every built-in object against the Kubernetes schemas, field names included', async () => {
    for (const object of rendered.filter((m) => !m.apiVersion.startsWith('diagnosis.kubediag.org/'))) {
      assert.deepEqual(await kubernetesObjectProblems(object), [], `${object.kind} ${object.metadata.name}`);
    }
    // The validator does fail: a misspelt field and a wrong type in the DaemonSet.
    const broken = structuredClone(only(rendered, 'DaemonSet')) as unknown as V1DaemonSet & Record<string, unknown>;
    const container = broken.spec!.template.spec!.containers[0]! as V1Container & Record<string, unknown>;
    container.securityContxt = { runAsNonRoot: true };
    (container.ports![0] as unknown as Record<string, unknown>).containerPort = '8091';
    assert.deepEqual(await kubernetesObjectProblems(broken), [
      'DaemonSet.spec.template.spec.containers.0.ports.0.containerPort: must be integer',
      'DaemonSet.spec.template.spec.containers[0].securityContxt: unknown field (not in V1Container)',
    ]);
  });

  it("registers the processor under the original's name and path, at the port the DaemonSet listens on", async () => {
    const operation = only(rendered, 'Operation') as unknown as {
      metadata: { name: string; namespace?: string };
      spec: { processor: { httpServer: Record<string, unknown>; timeoutSeconds: number } };
    };
    assert.equal(operation.metadata.name, 'go-profiler');
    assert.equal(operation.metadata.namespace, undefined, 'an Operation is cluster-scoped');
    const { httpServer, timeoutSeconds } = operation.spec.processor;
    // No address: each node's agent calls its own bind address, the node IP, where its processor listens.
    assert.deepEqual(httpServer, { port: 8091, path: '/processor/goProfiler', scheme: 'http' });
    assert.equal(timeoutSeconds, 60);

    const { pod, spec, container, env } = daemonSetPod();
    assert.equal(spec.hostNetwork, true, 'the node IP is the pod IP only on the host network');
    const nodeIp = container.env?.find((e) => e.name === 'NODE_IP');
    assert.equal(nodeIp?.valueFrom?.fieldRef?.fieldPath, 'status.hostIP');
    assert.equal(env.get('GO_PROFILER_LISTEN'), `$(NODE_IP):${httpServer.port}`);
    assert.equal(env.get('GO_PROFILER_ADVERTISE_ADDRESS'), '$(NODE_IP)');
    assert.deepEqual(container.ports, [{ name: 'api', containerPort: httpServer.port }]);
    // Viewers on the node IP are reachable from the node's network: each asks for its token (SPEC §5).
    assert.equal(env.get('GO_PROFILER_VIEWER_AUTH'), 'token');
    // Alive while the API answers; ready once the data root is writable; both on the API's port.
    assert.deepEqual(container.livenessProbe?.httpGet, { port: 'api', path: '/healthz' });
    assert.deepEqual(container.readinessProbe?.httpGet, { port: 'api', path: '/readyz' });
    // Prometheus's pod discovery scrapes the pod IP (the node IP) at the API's port.
    assert.deepEqual(pod.metadata?.annotations, {
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': String(httpServer.port),
      'prometheus.io/path': '/metrics',
    });
  });

  it('passes only settings that `go-profiler serve` reads', async () => {
    const { container, env } = daemonSetPod();
    const { stdout } = await promisify(execFile)(process.execPath, [
      path.join(REPO_ROOT, 'dist/cli/main.js'),
      ...(container.args ?? []),
      '--help',
    ]);
    const settings = [...env.keys()].filter((name) => name.startsWith('GO_PROFILER_'));
    assert.deepEqual(
      settings.filter((name) => !stdout.includes(name)),
      [],
      'serve --help does not read these',
    );
    assert.equal(settings.length, 5);
  });

  it('runs as the image user, non-root, seccomp RuntimeDefault, read-only, with every capability dropped', () => {
    const { spec, container, env } = daemonSetPod();
    assert.deepEqual(spec.securityContext, {
      runAsNonRoot: true,
      runAsUser: NODE_IMAGE_UID,
      runAsGroup: NODE_IMAGE_UID,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    for (const each of [...(spec.initContainers ?? []), ...spec.containers]) {
      assert.equal(each.securityContext?.allowPrivilegeEscalation, false, each.name);
      assert.equal(each.securityContext?.readOnlyRootFilesystem, true, each.name);
      assert.deepEqual(each.securityContext?.capabilities?.drop, ['ALL'], each.name);
      assert.ok(
        each.resources?.requests?.memory !== undefined && each.resources.limits?.memory !== undefined,
        each.name,
      );
    }
    assert.equal(container.securityContext?.capabilities?.add, undefined);
    assert.equal(container.securityContext?.runAsUser, undefined, 'the pod-level user');
    // The data root: a hostPath (kept across restarts on the node), where the process writes.
    assert.equal(env.get('GO_PROFILER_DATA_ROOT'), dataMountPath(container));
    const volume = spec.volumes?.find((v) => v.name === 'data');
    assert.deepEqual(volume?.hostPath, { path: dataMountPath(container), type: 'DirectoryOrCreate' });
  });

  it('hands the hostPath data root to the image user first, as root with only the capabilities chown needs', () => {
    // hostPath volumes ignore fsGroup, and the kubelet creates the directory owned by root.
    const { spec, container } = daemonSetPod();
    assert.equal(spec.securityContext?.fsGroup, undefined, 'fsGroup would suggest it applies to hostPath');
    const [init] = spec.initContainers ?? [];
    assert.equal(init?.name, 'data-owner');
    assert.deepEqual(init.command, ['chown', '-R', `${NODE_IMAGE_UID}:${NODE_IMAGE_UID}`, dataMountPath(container)]);
    assert.equal(dataMountPath(init), dataMountPath(container));
    assert.equal(init.securityContext?.runAsUser, 0);
    assert.equal(init.securityContext?.runAsNonRoot, false);
    // CHOWN to change owners; DAC_READ_SEARCH to walk directories the process made 0700 at an earlier start.
    assert.deepEqual(init.securityContext?.capabilities?.add, ['CHOWN', 'DAC_READ_SEARCH']);
  });
});

describe('RBAC', () => {
  /** KUBERNETES_API_CALLS as ClusterRole rules: one per group and resource, verbs in the list's order. */
  function expectedRules(): V1PolicyRule[] {
    const rules = new Map<string, V1PolicyRule>();
    for (const call of KUBERNETES_API_CALLS) {
      const key = `${call.apiGroup}/${call.resource}`;
      const rule = rules.get(key) ?? { apiGroups: [call.apiGroup], resources: [call.resource], verbs: [] };
      rule.verbs.push(call.verb);
      rules.set(key, rule);
    }
    return [...rules.values()];
  }

  it('grants the processor exactly the API calls the code makes, and binds them to its ServiceAccount', () => {
    const role = only(rendered, 'ClusterRole', 'go-profiler') as unknown as V1ClusterRole;
    assert.deepEqual(role.rules, expectedRules());
    assert.deepEqual(expectedRules(), [
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
      { apiGroups: [''], resources: ['pods/proxy'], verbs: ['get'] },
    ]);
    const binding = only(rendered, 'ClusterRoleBinding', 'go-profiler') as unknown as V1ClusterRoleBinding;
    assert.deepEqual(binding.roleRef, {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'go-profiler',
    });
    const serviceAccount = only(rendered, 'ServiceAccount');
    assert.deepEqual(binding.subjects, [
      { kind: 'ServiceAccount', name: serviceAccount.metadata.name, namespace: serviceAccount.metadata.namespace },
    ]);
    const daemonSet = only(rendered, 'DaemonSet') as unknown as V1DaemonSet;
    assert.equal(daemonSet.spec?.template.spec?.serviceAccountName, serviceAccount.metadata.name);
    assert.equal(daemonSet.metadata?.namespace, serviceAccount.metadata.namespace);
  });

  it('documents each call in docs/deploy.md', () => {
    const manual = readFileSync(path.join(REPO_ROOT, 'docs/deploy.md'), 'utf8');
    for (const call of KUBERNETES_API_CALLS) {
      assert.ok(manual.includes(`| \`${call.verb}\` | \`${call.resource}\` |`), `${call.verb} ${call.resource}`);
    }
  });

  describe('the calls the code is seen to make', () => {
    let api: KubeApiServer;
    let caPem: string;
    before(async () => {
      const certs = await makeCertificates();
      caPem = certs.caPem;
      api = await startKubeApiServer(certs);
    });
    after(() => api.close());

    it('reading a Secret is a listed call', async () => {
      api.secrets.set('shop/pprof', { token: 'pprof-token', 'ca.crt': caPem });
      const reader = createKubernetesSecretReader({ kubeconfigPath: api.kubeconfigPath });
      const credentials = await reader.readTlsCredentials({ namespace: 'shop', name: 'pprof' });
      assert.equal(credentials.bearerToken, 'pprof-token');
      assert.deepEqual(api.requests.map(rbacAttributes), ['get secrets']);
      assert.ok(api.requests.map(rbacAttributes).every(isListed));
    });
  });
});

/** RBAC's view of a GET on the API (the API server's request info): `verb resource[/subresource]`. */
function rbacAttributes(url: string): string {
  const segments = new URL(url, 'https://api').pathname.split('/').slice(3); // after /api/v1
  const [namespaces, , resource, name, subresource] = segments;
  assert.equal(namespaces, 'namespaces', url);
  if (name === undefined) return `list ${resource}`;
  return `get ${resource}${subresource === undefined ? '' : `/${subresource}`}`;
}

function isListed(attributes: string): boolean {
  return KUBERNETES_API_CALLS.some((call) => `${call.verb} ${call.resource}` === attributes);
}
