// Who may fetch what, with whose Secret (SPEC §5), against the real processor, the real
// Kubernetes client reading Secrets (with and without the allowed-sources annotation) from the
// API stand-in, and listeners on 127.0.0.1 and 127.0.0.2 (one trusted by the same CA) that count
// connections and record every Authorization header: each refusal is a 403 naming its key, decided
// before any connection, and a token only ever reaches a source its Secret's owner named.

import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { ResolvedAddress } from '../src/fetch/index.js';
import { resolveWithDns } from '../src/fetch/target-policy.js';
import type { TrustSettings } from '../src/processor/processor-limits.js';
import { makeCertificates, type TestCertificates } from './support/certificates.js';
import { ALLOWED_SOURCES, allowedSources, startKubeApiServer, type KubeApiServer } from './support/kube-api-server.js';
import { signServerCertificate, startRecordingListener, type RecordingListener } from './support/recording-listener.js';
import { startTestProcessor, viewerPort, type TestProcessor } from './support/test-processor.js';

const P = 'param.diagnoser.runtime.go_profiler.';
const SOURCE_KEY = `${P}source`;
const SECRET_KEY = `${P}tls.secret_reference.name`;
const TOKEN = 'monitoring-token-5d1e';
const ADMIN_TOKEN = 'cluster-admin-token-9c2b';

let certs: TestCertificates;
let kube: KubeApiServer;
/** https on 127.0.0.2 (certificate for 127.0.0.2, *.svc.cluster.local, web.shop.svc): the attacker's listener. */
let tls2: RecordingListener;
/** https on 127.0.0.1 (certs' own server certificate). */
let tls1: RecordingListener;
/** Plain http listeners: two on 127.0.0.2 (ports for the port rules), one on 127.0.0.1. */
let http2: RecordingListener;
let http2b: RecordingListener;
let http1: RecordingListener;
const processors: TestProcessor[] = [];
/** Host names the processors asked the resolver for, in order. */
const resolved: string[] = [];

/**
 * Names the tests need (cluster names do not resolve on a test machine) through the processor's
 * resolver edge; everything else (localhost) goes to the system resolver. `flip.internal` answers
 * 127.0.0.2 the first time and 127.0.0.1 after: a rebinding name.
 */
async function resolveHost(hostname: string): Promise<readonly ResolvedAddress[]> {
  resolved.push(hostname);
  const flips = resolved.filter((name) => name === 'flip.internal').length;
  const table: Record<string, string> = {
    'web.shop.svc': '127.0.0.2',
    'api.svc.cluster.local': '127.0.0.2',
    'svc.cluster.local': '127.0.0.2',
    'metadata.internal': '169.254.169.254',
    'flip.internal': flips === 1 ? '127.0.0.2' : '127.0.0.1',
  };
  const address = table[hostname];
  return address === undefined ? resolveWithDns(hostname) : [{ address, family: 4 }];
}

async function processorWith(trust: Partial<TrustSettings> = {}): Promise<TestProcessor> {
  const processor = await startTestProcessor({ kubeconfigPath: kube.kubeconfigPath, resolveHost, trust });
  processors.push(processor);
  return processor;
}

before(async () => {
  certs = await makeCertificates(TOKEN);
  const cert2 = await signServerCertificate(certs, 'loopback2', [
    'IP:127.0.0.2',
    'DNS:web.shop.svc',
    'DNS:*.svc.cluster.local',
  ]);
  [kube, tls2, tls1, http2, http2b, http1] = await Promise.all([
    startKubeApiServer(certs),
    startRecordingListener({ host: '127.0.0.2', tls: cert2 }),
    startRecordingListener({ host: '127.0.0.1', tls: { certPem: certs.serverCertPem, keyPem: certs.serverKeyPem } }),
    startRecordingListener({ host: '127.0.0.2' }),
    startRecordingListener({ host: '127.0.0.2' }),
    startRecordingListener({ host: '127.0.0.1' }),
  ]);
  const secret = (key: string, token: string, annotations?: Record<string, string>) => {
    kube.secrets.set(key, { token, 'ca.crt': certs.caPem });
    if (annotations !== undefined) kube.annotations.set(key, annotations);
  };
  secret('kube-system/cluster-admin-token', ADMIN_TOKEN);
  secret('monitoring/pprof', TOKEN, allowedSources('https://example.invalid', tls2.url));
  secret('monitoring/wildcard', TOKEN, { [ALLOWED_SOURCES]: `https://*.svc.cluster.local:${tls2.port}` });
  secret('monitoring/default-port', TOKEN, { [ALLOWED_SOURCES]: 'https://127.0.0.2' });
  secret('monitoring/unannotated', TOKEN);
});

after(async () => {
  await Promise.all(processors.map((processor) => processor.close()));
  await Promise.all([kube, tls2, tls1, http2, http2b, http1].map((server) => server?.close()));
  if (certs !== undefined) rmSync(certs.dir, { recursive: true, force: true });
});

const listeners = () => [tls2, tls1, http2, http2b, http1];

interface Row {
  readonly name: string;
  readonly processor: () => TestProcessor;
  readonly body: () => Record<string, unknown>;
  readonly status: number;
  readonly key?: string;
  /** The whole error, or a pattern for it; absent for a 200. */
  readonly error?: string | RegExp;
  /** The listener that must see exactly one new connection; none for a refusal. */
  readonly reaches?: () => RecordingListener;
}

const https = (source: string, namespace: string, name: string) => ({
  source,
  type: 'Heap',
  tls: { secretReference: { name, namespace } },
});

describe('who may fetch what, with whose Secret', () => {
  let annotated: TestProcessor;
  let listed: TestProcessor;
  let scoped: TestProcessor;
  let anySecret: TestProcessor;

  before(async () => {
    [annotated, scoped, anySecret, listed] = await Promise.all([
      processorWith(),
      processorWith({ secretNamespaces: ['monitoring'] }),
      processorWith({ secretPolicy: 'any' }),
      processorWith({
        allowSources: [`127.0.0.2/32:${http2.port}`, '*.svc.cluster.local', `web.shop.svc:${http2.port}`, `[::1]:6060`],
      }),
    ]);
  });

  it('answers every row of the table with its code, key and error, connecting only where allowed', async () => {
    // A live viewer, so that its port is one the policy refuses.
    const opened = await annotated.post(https(tls2.url, 'monitoring', 'pprof'));
    assert.equal(opened.status, 200, JSON.stringify(opened.json));
    const viewer = viewerPort(opened.json);
    const own = () => annotated.processor.port;
    const rows: Row[] = [
      {
        name: 'the attack: a kube-system token to a listener on 127.0.0.2',
        processor: () => annotated,
        body: () => https(tls2.url, 'kube-system', 'cluster-admin-token'),
        status: 403,
        key: SECRET_KEY,
        error: `check secret kube-system/cluster-admin-token: its owner has not allowed its token to be sent to ${tls2.url}: add the annotation go-profiler.kubediag.org/allowed-sources=${tls2.url} to Secret kube-system/cluster-admin-token`,
      },
      {
        name: 'the annotated Secret, to the source it names',
        processor: () => annotated,
        body: () => https(tls2.url, 'monitoring', 'pprof'),
        status: 200,
        reaches: () => tls2,
      },
      {
        name: 'the annotated Secret, to a source it does not name',
        processor: () => annotated,
        body: () => https(tls1.url, 'monitoring', 'pprof'),
        status: 403,
        key: SECRET_KEY,
        error: `check secret monitoring/pprof: its annotation go-profiler.kubediag.org/allowed-sources does not name ${tls1.url}: add ${tls1.url} to the annotation go-profiler.kubediag.org/allowed-sources of Secret monitoring/pprof`,
      },
      {
        name: '*.suffix: a name under it (pinned to 127.0.0.2, the certificate checked for the name)',
        processor: () => annotated,
        body: () => https(`https://api.svc.cluster.local:${tls2.port}`, 'monitoring', 'wildcard'),
        status: 200,
        reaches: () => tls2,
      },
      {
        name: '*.suffix: not the suffix itself',
        processor: () => annotated,
        body: () => https(`https://svc.cluster.local:${tls2.port}`, 'monitoring', 'wildcard'),
        status: 403,
        key: SECRET_KEY,
        error: new RegExp(`does not name https://svc\\.cluster\\.local:${tls2.port}: add `),
      },
      {
        name: '*.suffix: not the IP the name resolves to',
        processor: () => annotated,
        body: () => https(tls2.url, 'monitoring', 'wildcard'),
        status: 403,
        key: SECRET_KEY,
        error: /does not name https:\/\/127\.0\.0\.2:\d+: add /,
      },
      {
        name: 'an entry without a port means 443',
        processor: () => annotated,
        body: () => https(tls2.url, 'monitoring', 'default-port'),
        status: 403,
        key: SECRET_KEY,
        error: /^check secret monitoring\/default-port: its annotation .* does not name https:\/\/127\.0\.0\.2:\d+/,
      },
      {
        name: 'a Secret with an http source',
        processor: () => annotated,
        body: () => ({
          source: http2.url,
          type: 'Heap',
          tls: { secretReference: { name: 'pprof', namespace: 'monitoring' } },
        }),
        status: 400,
        key: 'tls.secretReference.name',
        error: `parse request key tls.secretReference.name: a Secret is only sent to an https source, and "${http2.url}" is http (drop the Secret or use https)`,
      },
      {
        name: '--secret-namespaces: another namespace, refused before it is read',
        processor: () => scoped,
        body: () => https(tls2.url, 'kube-system', 'cluster-admin-token'),
        status: 403,
        key: SECRET_KEY,
        error:
          'check secret kube-system/cluster-admin-token: Secrets are read only in the namespaces monitoring (--secret-namespaces)',
      },
      {
        name: '--secret-namespaces: a listed namespace',
        processor: () => scoped,
        body: () => https(tls2.url, 'monitoring', 'pprof'),
        status: 200,
        reaches: () => tls2,
      },
      {
        name: '--secret-policy any: an unannotated Secret is sent (KubeDiag’s behaviour)',
        processor: () => anySecret,
        body: () => https(tls2.url, 'monitoring', 'unannotated'),
        status: 200,
        reaches: () => tls2,
      },
      ...alwaysRefused(annotated, own, viewer),
      {
        name: '--allow-sources: a CIDR with its port',
        processor: () => listed,
        body: () => ({ source: http2.url, type: 'Heap' }),
        status: 200,
        reaches: () => http2,
      },
      {
        name: '--allow-sources: the CIDR on another port',
        processor: () => listed,
        body: () => ({ source: http2b.url, type: 'Heap' }),
        status: 403,
        key: SOURCE_KEY,
        error: `check source ${http2b.url}: no entry of --allow-sources allows this host or its address 127.0.0.2 on port ${http2b.port}`,
      },
      {
        name: '--allow-sources: an address outside every CIDR',
        processor: () => listed,
        body: () => ({ source: http1.url, type: 'Heap' }),
        status: 403,
        key: SOURCE_KEY,
        error: `check source ${http1.url}: no entry of --allow-sources allows this host or its address 127.0.0.1 on port ${http1.port}`,
      },
      {
        // One address, one spelling: an allow-list reader and Go would read hex differently.
        name: '--allow-sources: a hex spelling of an allowed address',
        processor: () => listed,
        body: () => ({ source: `http://0x7f.2:${http2.port}`, type: 'Heap' }),
        status: 400,
        key: 'source',
        error: respelled('0x7f.2', '127.0.0.2'),
      },
      {
        name: '--allow-sources: a host name with its port',
        processor: () => listed,
        body: () => ({ source: `http://web.shop.svc:${http2.port}`, type: 'Heap' }),
        status: 200,
        reaches: () => http2,
      },
      {
        name: '--allow-sources: the host name on another port',
        processor: () => listed,
        body: () => ({ source: `http://web.shop.svc:${http2b.port}`, type: 'Heap' }),
        status: 403,
        key: SOURCE_KEY,
        error: `check source http://web.shop.svc:${http2b.port}: no entry of --allow-sources allows this host or its address 127.0.0.2 on port ${http2b.port}`,
      },
      {
        name: '--allow-sources: *.suffix, any port',
        processor: () => listed,
        body: () => ({ source: `http://api.svc.cluster.local:${http2b.port}`, type: 'Heap' }),
        status: 200,
        reaches: () => http2b,
      },
      {
        name: '--allow-sources: a name outside every pattern (localhost)',
        processor: () => listed,
        body: () => ({ source: `http://localhost:${http1.port}`, type: 'Heap' }),
        status: 403,
        key: SOURCE_KEY,
        error: `check source http://localhost:${http1.port}: no entry of --allow-sources allows this host or its address 127.0.0.1 on port ${http1.port}`,
      },
    ];
    const outcomes: string[] = [];
    for (const row of rows) {
      const before = listeners().map((listener) => listener.connections());
      const { status, json } = await row.processor().post(row.body());
      const label = `${row.name}: ${JSON.stringify(json)}`;
      assert.equal(status, row.status, label);
      assert.equal(json.key, row.key, label);
      if (typeof row.error === 'string') assert.equal(json.error, row.error, label);
      else if (row.error !== undefined) assert.match(String(json.error), row.error, label);
      const reached = row.reaches?.();
      listeners().forEach((listener, at) => {
        const expected = before[at]! + (listener === reached ? 1 : 0);
        assert.equal(listener.connections(), expected, `${row.name}: connections to ${listener.url}`);
      });
      outcomes.push(`${row.status} ${row.key ?? '-'} ${row.name}`);
    }
    assert.equal(rows.length, 35, 'the rows of the table');
    assert.equal(outcomes.length, rows.length);
  });

  it('never lets the admin token out, and sends the other token only to the annotated listener', () => {
    for (const listener of listeners()) {
      assert.ok(!listener.authorizations.includes(`Bearer ${ADMIN_TOKEN}`), listener.url);
    }
    assert.deepEqual([...new Set(tls2.authorizations)], [`Bearer ${TOKEN}`]);
    for (const listener of [tls1, http2, http2b, http1]) {
      assert.deepEqual(
        listener.authorizations.filter((header) => header !== undefined),
        [],
        listener.url,
      );
    }
    // Read once, by the annotated processor (its annotations decide); never by the scoped one.
    const adminReads = kube.requests.filter((request) => request.startsWith('/api/v1/namespaces/kube-system/'));
    assert.deepEqual(adminReads, ['/api/v1/namespaces/kube-system/secrets/cluster-admin-token']);
    for (const text of processors.flatMap((processor) => processor.logs)) {
      assert.ok(!text.includes(TOKEN) && !text.includes(ADMIN_TOKEN), text);
      assert.ok(!text.includes('BEGIN CERTIFICATE'), text);
    }
  });

  it('resolves a name once and connects to the address it checked, whatever the next answer', async () => {
    const asked = resolved.length;
    const before = [http2.connections(), http1.connections()];
    const { status, json } = await annotated.post({ source: `http://flip.internal:${http2.port}`, type: 'Heap' });
    assert.equal(status, 200, JSON.stringify(json));
    assert.deepEqual(resolved.slice(asked), ['flip.internal']);
    assert.deepEqual([http2.connections(), http1.connections()], [before[0]! + 1, before[1]!]);
  });
});

/** Sources refused whatever the settings: link-local, unspecified, this processor's ports. */
function alwaysRefused(processor: TestProcessor, own: () => number, viewer: number): Row[] {
  const row = (name: string, source: () => string, error: (source: URL) => string): Row => ({
    name,
    processor: () => processor,
    body: () => ({ source: source(), type: 'Heap' }),
    status: 403,
    key: SOURCE_KEY,
    error: error(new URL(source())),
  });
  const refused = (host: string, what: string) => (url: URL) =>
    `check source ${url.origin}: ${host} is ${what}: always refused`;
  const port = (host: string, whose: string) => (url: URL) =>
    `check source ${url.origin}: port ${url.port} of ${host}, an address of this host, is ${whose}: always refused`;
  // Other spellings of an address are refused before any check: a source names one address one way.
  const spelled = (name: string, source: () => string, address: string): Row => ({
    name,
    processor: () => processor,
    body: () => ({ source: source(), type: 'Heap' }),
    status: 400,
    key: 'source',
    error: respelled(hostOf(source()), address),
  });
  const ownPort = "the processor's own port";
  const viewerPort_ = "a live viewer's port";
  return [
    row(
      'link-local (cloud metadata)',
      () => 'http://169.254.169.254',
      refused('169.254.169.254', 'a link-local address'),
    ),
    spelled('link-local, octal spelling', () => 'http://0251.0376.0251.0376', '169.254.169.254'),
    row(
      'link-local, IPv4-mapped IPv6',
      () => 'http://[::ffff:169.254.169.254]:80',
      refused('::ffff:a9fe:a9fe (169.254.169.254)', 'a link-local address'),
    ),
    row('link-local IPv6', () => 'http://[fe80::1]:6060', refused('fe80::1', 'a link-local address')),
    row(
      'link-local behind a name',
      () => 'http://metadata.internal',
      refused('metadata.internal (169.254.169.254)', 'a link-local address'),
    ),
    row('unspecified IPv4', () => `http://0.0.0.0:${http1.port}`, refused('0.0.0.0', 'an unspecified address')),
    spelled('unspecified IPv4, short spelling', () => `http://0:${http1.port}`, '0.0.0.0'),
    row('unspecified IPv6', () => `http://[::]:${http1.port}`, refused('::', 'an unspecified address')),
    row('the processor’s own port', () => `http://127.0.0.1:${own()}`, port('127.0.0.1', ownPort)),
    spelled('the processor’s own port, hex', () => `http://0x7f.1:${own()}`, '127.0.0.1'),
    spelled('the processor’s own port, octal', () => `http://017700000001:${own()}`, '127.0.0.1'),
    spelled('the processor’s own port, decimal', () => `http://2130706433:${own()}`, '127.0.0.1'),
    row('the processor’s own port, by name', () => `http://localhost:${own()}`, port('localhost (127.0.0.1)', ownPort)),
    row('the processor’s own port on 127.0.0.2', () => `http://127.0.0.2:${own()}`, port('127.0.0.2', ownPort)),
    row('a live viewer’s port', () => `http://127.0.0.1:${viewer}`, port('127.0.0.1', viewerPort_)),
    row(
      'a live viewer’s port, IPv4-mapped',
      () => `http://[::ffff:127.0.0.1]:${viewer}`,
      port('::ffff:7f00:1 (127.0.0.1)', viewerPort_),
    ),
  ];
}

/** The host part of a source as written (before the URL parser rewrites it). */
function hostOf(source: string): string {
  return /^https?:\/\/([^/:]*)/.exec(source)?.[1] ?? source;
}

/** The 400 for an IPv4 address written in hex, octal, short or encoded form. */
function respelled(host: string, address: string): string {
  return (
    `parse request key source: host ${JSON.stringify(host)} is the IPv4 address ${address} in another spelling ` +
    `(hex, octal, short or encoded): write ${address}`
  );
}
