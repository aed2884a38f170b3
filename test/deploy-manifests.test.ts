// The shipped manifests agree with SPEC §1 and with each other: the Operation KubeDiag calls is
// where the DaemonSet's processor listens, and every setting the DaemonSet passes is one `serve` reads.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { REPO_ROOT } from './support/fixtures.js';

interface Manifest {
  kind: string;
  metadata: { name: string };
  spec?: Record<string, unknown>;
}

async function loadManifests(file: string): Promise<Manifest[]> {
  const { loadAllYaml } = await import('@kubernetes/client-node');
  // Through JSON: the client's typed objects carry unset fields as undefined.
  return JSON.parse(
    JSON.stringify(loadAllYaml(readFileSync(path.join(REPO_ROOT, 'deploy', file), 'utf8'))),
  ) as Manifest[];
}

describe('deploy/', () => {
  it("registers the processor under the original's name, path and timeout, at the DaemonSet's listen address", async () => {
    const [operation] = await loadManifests('operation.yaml');
    assert.equal(operation?.kind, 'Operation');
    assert.equal(operation.metadata.name, 'go-profiler');
    const processor = operation.spec?.processor as { httpServer: Record<string, unknown>; timeoutSeconds: number };
    assert.equal(processor.httpServer.path, '/processor/goProfiler');
    assert.equal(processor.httpServer.scheme, 'http');
    assert.equal(processor.timeoutSeconds, 60);

    const daemonSet = (await loadManifests('daemonset.yaml')).find((m) => m.kind === 'DaemonSet');
    const pod = (
      daemonSet?.spec?.template as {
        spec: {
          containers: {
            env: { name: string; value?: string }[];
            args: string[];
            livenessProbe: { httpGet: { path: string } };
            readinessProbe: { httpGet: { path: string } };
          }[];
          hostNetwork: boolean;
        };
      }
    ).spec;
    const container = pod.containers[0]!;
    const env = new Map(container.env.map((e) => [e.name, e.value]));
    assert.equal(env.get('GO_PROFILER_LISTEN'), `${processor.httpServer.address}:${processor.httpServer.port}`);
    assert.equal(pod.hostNetwork, true, 'the agent reaches the loopback address only on the host network');
    assert.equal(env.get('GO_PROFILER_ADVERTISE_ADDRESS'), '$(NODE_IP)');
    // Viewers on the node IP are reachable from the node's network: each asks for its token (SPEC §5).
    assert.equal(env.get('GO_PROFILER_VIEWER_AUTH'), 'token');
    // Alive while the API answers; ready once the data root is writable.
    assert.equal(container.livenessProbe.httpGet.path, '/healthz');
    assert.equal(container.readinessProbe.httpGet.path, '/readyz');

    // Every GO_PROFILER_* variable the DaemonSet sets is one `go-profiler serve` documents.
    const { stdout } = await promisify(execFile)(process.execPath, [
      path.join(REPO_ROOT, 'dist/cli/main.js'),
      ...container.args,
      '--help',
    ]);
    for (const name of env.keys()) {
      if (name.startsWith('GO_PROFILER_')) assert.ok(stdout.includes(name), `serve --help does not read ${name}`);
    }
  });

  it('lets the processor read Secrets and nothing else', async () => {
    const role = (await loadManifests('daemonset.yaml')).find((m) => m.kind === 'ClusterRole') as unknown as {
      rules: { resources: string[]; verbs: string[] }[];
    };
    assert.deepEqual(role.rules, [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }]);
  });
});
