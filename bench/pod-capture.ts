// `npm run bench:pod`: capture latency through the API server's pod proxy against the same Go
// target by URL, in the same run, rounds interleaved: a Heap and a 1 s CPU profile, by pod
// reference with the port search (GET pods/NAME, then the proxy) and with a port number (the
// proxy only), at the fetch layer and as a processor POST (in process). The API server is the
// loopback stand-in of the tests (test/support/kube-api-server.ts, https with a real kubeconfig
// through @kubernetes/client-node): a real cluster adds its network hops and its authorizer on top.
// `--quick` takes fewer rounds.

import { rmSync } from 'node:fs';
import { fetchPodProfile, fetchProfileBytes, buildProfileUrl, type KubeAccess } from '../src/fetch/index.js';
import { makeCertificates } from '../test/support/certificates.js';
import { startGoTarget } from '../test/support/go-target.js';
import { startKubeApiServer } from '../test/support/kube-api-server.js';
import { startTestProcessor } from '../test/support/test-processor.js';

const ROUNDS = process.argv.includes('--quick') ? 5 : 15;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timeIt(action: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

/** Runs each action once per round, in turn (so a busy moment weighs on all alike); the medians. */
async function interleaved(actions: Record<string, () => Promise<unknown>>): Promise<Record<string, number>> {
  for (const action of Object.values(actions)) await action(); // warm-up: client-node's lazy import, TLS
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(actions).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, action] of Object.entries(actions)) times[name]!.push(await timeIt(action));
  }
  return Object.fromEntries(Object.entries(times).map(([name, list]) => [name, median(list)]));
}

function report(title: string, medians: Record<string, number>, baseline: string) {
  const base = medians[baseline]!;
  console.log(`${title} (median of ${ROUNDS} ms):`);
  for (const [name, ms] of Object.entries(medians)) {
    const ratio = name === baseline ? '' : `  ×${(ms / base).toFixed(2)}, +${(ms - base).toFixed(1)} ms`;
    console.log(`  ${name.padEnd(32)} ${ms.toFixed(1).padStart(8)}${ratio}`);
  }
}

const certs = await makeCertificates();
const [target, kube] = await Promise.all([
  startGoTarget(['-seed', '1', '-stacks', '16', '-depth', '8', '-goroutines', '24', '-cpu', '1']),
  startKubeApiServer(certs),
]);
kube.pods.set('bench/web-0', {
  containers: [{ name: 'app', ports: [{ name: 'pprof', containerPort: 6060 }] }],
  serve: { 6060: target.url },
});
const access: KubeAccess = { kubeconfigPath: kube.kubeconfigPath };
const pod = { namespace: 'bench', name: 'web-0' };
const byUrl = (type: 'Heap' | 'Profile') => () =>
  fetchProfileBytes({ url: buildProfileUrl(target.url, type, 1), timeoutMs: 60_000 });
const processor = await startTestProcessor({ kubeconfigPath: kube.kubeconfigPath, trust: { maxSessions: 1000 } });
try {
  for (const type of ['Heap', 'Profile'] as const) {
    const label = type === 'Heap' ? 'Heap' : 'CPU 1 s';
    report(
      `${label}, fetch layer`,
      await interleaved({
        'by URL (fetchProfileBytes)': byUrl(type),
        'by pod, port searched': () => fetchPodProfile(access, pod, { type, seconds: 1 }),
        'by pod, port 6060': () => fetchPodProfile(access, { ...pod, port: '6060' }, { type, seconds: 1 }),
      }),
      'by URL (fetchProfileBytes)',
    );
    const post = async (body: object) => {
      const answer = await processor.post({ type, seconds: 1, expirationSeconds: 60, ...body });
      if (answer.status !== 200) throw new Error(`POST answered ${answer.status}: ${JSON.stringify(answer.json)}`);
    };
    report(
      `${label}, processor POST`,
      await interleaved({
        'by URL (source)': () => post({ source: target.url }),
        'by pod reference': () => post({ 'pod.namespace': 'bench', 'pod.name': 'web-0' }),
      }),
      'by URL (source)',
    );
  }
} finally {
  await processor.close();
  await Promise.all([target.stop(), kube.close()]);
  rmSync(certs.dir, { recursive: true, force: true });
}
