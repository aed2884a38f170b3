import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { TargetNotAllowedError, type SecretReference } from '../fetch/index.js';
import { SessionManager } from '../session/index.js';
import { ManualClock } from '../../test/support/manual-clock.js';
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
      checkTarget(url) {
        if (!url.hostname.startsWith('10.')) throw new TargetNotAllowedError(url, 'the host is not on the allow-list');
      },
    },
    sessions: new SessionManager({ clock }),
    clock,
    startViewer: () => Promise.reject(new Error('not reached in these tests')),
    fetchTimeoutSeconds: 1,
    defaultCpuSeconds: 30,
    trust: DEFAULT_TRUST_SETTINGS,
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
      error: 'check target https://evil.example: the host is not on the allow-list',
    });
    assert.deepEqual(secretReads, []);
  });

  it('reads JSON whatever the content type says', async () => {
    const { app } = buildApp();
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', undefined]) {
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
    assert.match(huge.json().error, /^parse request body: /);
    assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).body, 'ok\n');
  });
});
