import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { TargetNotAllowedError, type SecretReference } from '../fetch/index.js';
import { SessionManager } from '../session/index.js';
import { ManualClock } from '../../test/support/manual-clock.js';
import { CaptureAdmission } from './capture-admission.js';
import { buildProcessorApp, type ProcessorAppOptions } from './processor-app.js';
import { DEFAULT_TRUST_SETTINGS } from './processor-limits.js';
import { QueryPool } from '../web/query-pool.js';

/** Nothing is stored in these tests (every request fails before); the folder is removed at the end. */
const scratch = mkdtempSync(path.join(os.tmpdir(), 'go-profiler-app-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The app with its edges: a policy that allows only 10.0.0.0/8 hosts, a Secret reader that records reads. */
function buildApp() {
  const secretReads: SecretReference[] = [];
  const clock = new ManualClock();
  const sessions = new SessionManager({ clock });
  const options: ProcessorAppOptions = {
    dataRoot: scratch,
    advertiseAddress: '127.0.0.1',
    secretReader: {
      readTlsCredentials: async (secret) => {
        secretReads.push(secret);
        throw new Error('not reached in these tests');
      },
    },
    policy: {
      async checkTarget(url) {
        if (!url.hostname.startsWith('10.')) throw new TargetNotAllowedError(url, 'the host is not on the allow-list');
        return { address: url.hostname, family: 4 };
      },
      checkSecretConsent: () => undefined,
    },
    sessions,
    clock,
    startViewer: () => Promise.reject(new Error('not reached in these tests')),
    fetchTimeoutSeconds: 1,
    defaultCpuSeconds: 30,
    trust: DEFAULT_TRUST_SETTINGS,
    admission: new CaptureAdmission({ sessions, maxConcurrentCaptures: 8, clock }),
    // Never used: every request fails before a profile is fetched (a pool starts no thread until then).
    queryPool: new QueryPool({ workerCount: 1 }),
  };
  return { app: buildProcessorApp(options), secretReads };
}

describe('the processor app', () => {
  it('asks the target policy before reading any Secret', async () => {
    const { app, secretReads } = buildApp();
    const response = await app.inject({
      method: 'POST',
      url: '/processor/goProfiler',
      payload: {
        source: 'https://evil.example:443',
        type: 'Heap',
        tls: { secretReference: { name: 'apiserver-token' } },
      },
    });
    assert.equal(response.statusCode, 403);
    assert.deepEqual(response.json(), {
      error: 'check source https://evil.example: the host is not on the allow-list',
      key: 'param.diagnoser.runtime.go_profiler.source',
    });
    assert.deepEqual(secretReads, []);
  });

  it('reads JSON sent as application/json (any parameters) or with no content type', async () => {
    const { app } = buildApp();
    for (const contentType of [
      'application/json',
      'Application/JSON; charset=UTF-8',
      'application/json;charset=latin1',
      undefined,
    ]) {
      const response = await app.inject({
        method: 'POST',
        url: '/processor/goProfiler',
        payload: '{"source": "http://h:1", "type": "nope"}',
        ...(contentType === undefined ? {} : { headers: { 'content-type': contentType } }),
      });
      assert.equal(response.statusCode, 400, String(contentType));
      assert.equal(response.json().key, 'type');
    }
  });

  it('answers 415 to every other content type: what a web page can send without asking', async () => {
    const { app } = buildApp();
    const types = [
      'text/plain',
      'text/plain; charset=utf-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/merge-patch+json',
      'text/json',
    ];
    for (const contentType of types) {
      const response = await app.inject({
        method: 'POST',
        url: '/processor/goProfiler',
        payload: '{"source": "http://10.0.0.1:1", "type": "heap"}',
        headers: { 'content-type': contentType },
      });
      assert.equal(response.statusCode, 415, contentType);
      assert.deepEqual(response.json(), {
        error: `parse request body: content type ${JSON.stringify(contentType)} is not accepted (send application/json, or no content type)`,
        key: 'content-type',
      });
    }
  });

  it("answers 403 to a foreign Origin or a cross-site fetch, and lets the processor's own origin through", async () => {
    const { app } = buildApp();
    const post = (headers: Record<string, string>) =>
      app.inject({ method: 'POST', url: '/processor/goProfiler', payload: '{"type": "nope"}', headers });
    // inject() connects to no port: the request's local port is undefined, read as 0.
    for (const origin of ['http://127.0.0.1:0', 'http://localhost:0', 'http://[::1]:0']) {
      assert.equal((await post({ origin })).statusCode, 400, origin);
    }
    for (const origin of [
      'http://evil.example',
      'null',
      'http://127.0.0.1:8091',
      'https://127.0.0.1:0',
      'http://127.0.0.1:0, http://evil.example',
    ]) {
      const response = await post({ origin });
      assert.equal(response.statusCode, 403, origin);
      assert.equal(response.json().key, 'origin');
      assert.match(response.json().error, /^check request origin: origin ".*" is not the processor's own/);
    }
    for (const site of ['cross-site', 'same-site']) {
      const response = await post({ 'sec-fetch-site': site });
      assert.equal(response.statusCode, 403, site);
      assert.equal(response.json().key, 'sec-fetch-site');
    }
    for (const site of ['same-origin', 'none']) assert.equal((await post({ 'sec-fetch-site': site })).statusCode, 400);
  });

  it('answers JSON errors for unknown paths and oversized bodies, and ok on /healthz', async () => {
    const { app } = buildApp();
    const missing = await app.inject({ method: 'POST', url: '/processor/other' });
    assert.equal(missing.statusCode, 404);
    assert.match(missing.json().error, /POST \/processor\/other: not found/);
    const huge = await app.inject({
      method: 'POST',
      url: '/processor/goProfiler',
      payload: JSON.stringify({ source: 'x'.repeat(2 * 1024 * 1024) }),
    });
    assert.equal(huge.statusCode, 413);
    assert.deepEqual(huge.json(), { error: 'parse request body: larger than the limit of 1048576 bytes (1 MiB)' });
    assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).body, 'ok\n');
    assert.equal((await app.inject({ method: 'GET', url: '/readyz' })).body, 'ok\n');
  });
});
