import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fixtureCapture } from '../../test/support/fixture-capture.js';
import { SAVED_CONFIG_LIMITS } from '../store/index.js';
import type { SavedConfigListing } from './view-models.js';
import { buildViewerApp } from './viewer-server.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'go-profiler-config-routes-'));
const apps: ReturnType<typeof buildViewerApp>[] = [];
after(async () => {
  await Promise.all(apps.map((app) => app.close()));
  rmSync(scratch, { recursive: true, force: true });
});

const capture = fixtureCapture('heap-small.pb.gz', 'Heap');
/** A viewer of the heap fixture, of `namespace`, whose settings live under a data root (a fresh one by default). */
function viewerWithDataRoot(namespace = 'default', dataRoot = mkdtempSync(path.join(scratch, 'root-'))) {
  const app = buildViewerApp({ ...capture, dataRoot, namespace });
  apps.push(app);
  return { app, dataRoot, file: path.join(dataRoot, 'go-profiler', 'configs', `${namespace}.json`) };
}
function viewerWithSettings(settingsFile: string | undefined) {
  const app = buildViewerApp(capture, settingsFile === undefined ? {} : { settingsFile });
  apps.push(app);
  return app;
}

type App = ReturnType<typeof buildViewerApp>;
const save = (app: App, body: unknown, headers: Record<string, string> = {}, prefix = '') =>
  app.inject({
    method: 'POST',
    url: `${prefix}/api/configs`,
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify(body),
  });
const list = async (app: App, prefix = '') =>
  (await app.inject({ url: `${prefix}/api/configs` })).json<SavedConfigListing>();

describe('/api/configs', () => {
  it('saves under the data root, shares the list with other viewers, replaces by name and deletes', async () => {
    const { app, file } = viewerWithDataRoot();
    const other = viewerWithSettings(file);
    const saved = await save(app, { name: 'main/no runtime', query: '?h=runtime&f=main&g=functions' });
    assert.equal(saved.statusCode, 200);
    // Stored in one order, defaults left out, as the viewer writes URLs; the file is not named.
    assert.deepEqual(saved.json(), {
      configs: [{ name: 'main/no runtime', query: 'f=main&h=runtime' }],
      scope: 'namespace default',
    });
    assert.equal((await save(other, { name: 'lines', query: 'g=lines' }, {}, '/ui')).statusCode, 200);
    assert.equal((await save(other, { name: 'main/no runtime', query: 'f=main' })).statusCode, 200);
    const expected = [
      { name: 'main/no runtime', query: 'f=main' },
      { name: 'lines', query: 'g=lines' },
    ];
    assert.deepEqual((await list(app, '/ui')).configs, expected);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')).configs, expected);

    const deleted = await app.inject({
      method: 'DELETE',
      url: `/ui/api/configs/${encodeURIComponent('main/no runtime')}`,
    });
    assert.equal(deleted.statusCode, 200);
    assert.deepEqual((await list(other)).configs, [expected[1]]);
    const missing = await app.inject({ method: 'DELETE', url: '/api/configs/nope' });
    assert.equal(missing.statusCode, 404);
    assert.deepEqual(missing.json(), { error: 'delete config "nope": no config of that name is saved' });
  });

  it('refuses a bad config with a 400 naming the field', async () => {
    const { app, file } = viewerWithDataRoot();
    const cases: [unknown, string, RegExp][] = [
      [{ query: 'f=main' }, 'name', /^save config: name must be a string$/],
      [{ name: '', query: '' }, 'name', /name is empty/],
      [{ name: 'x'.repeat(SAVED_CONFIG_LIMITS.maxNameLength + 1), query: '' }, 'name', /longer than 64 characters/],
      [{ name: 'a\u001b[31mb', query: '' }, 'name', /control characters/],
      [{ name: 'a', query: 7 }, 'query', /query must be a string/],
      [{ name: 'a', query: 'f=main&zoom=main.a' }, 'query', /zoom: not a refine option a config can hold/],
      [{ name: 'a', query: 'si=alloc_space' }, 'query', /si: not a refine option/],
      [{ name: 'a', query: 'base=profilers/x.prof' }, 'query', /base: not a refine option/],
      [{ name: 'a', query: 'n=many' }, 'query', /parse option n: "many" is not a number/],
      [{ name: 'a', query: `f=${'x'.repeat(SAVED_CONFIG_LIMITS.maxQueryBytes)}` }, 'query', /longer than 4096 bytes/],
    ];
    for (const [body, key, message] of cases) {
      const response = await save(app, body);
      assert.equal(response.statusCode, 400, JSON.stringify(body));
      const answer = response.json<{ error: string; key: string }>();
      assert.equal(answer.key, key, JSON.stringify(body));
      assert.match(answer.error, message);
    }
    const form = await app.inject({
      method: 'POST',
      url: '/api/configs',
      headers: { 'content-type': 'text/plain' },
      payload: '{"name":"a","query":""}',
    });
    assert.equal(form.statusCode, 400);
    assert.equal(form.json<{ key: string }>().key, 'content-type');
    assert.deepEqual((await list(app)).configs, []);
    assert.throws(() => readFileSync(file), /ENOENT/, 'nothing was written');
  });

  it('refuses more configs than the limit with a 409, but still replaces one by name', async () => {
    const file = path.join(scratch, 'full.json');
    const configs = Array.from({ length: SAVED_CONFIG_LIMITS.maxConfigs }, (_, i) => ({ name: `c${i}`, query: '' }));
    writeFileSync(file, JSON.stringify({ version: 1, configs }));
    const app = viewerWithSettings(file);
    const full = await save(app, { name: 'one more', query: '' });
    assert.equal(full.statusCode, 409);
    assert.match(full.json<{ error: string }>().error, /100 configs are saved already; delete one first/);
    assert.equal((await save(app, { name: 'c3', query: 'h=runtime' })).statusCode, 200);
  });

  it("refuses saves and deletes from another site's page", async () => {
    const { app, file } = viewerWithDataRoot();
    assert.equal((await save(app, { name: 'kept', query: 'f=main' })).statusCode, 200);
    const before = readFileSync(file, 'utf8');
    const crossSite: Record<string, string>[] = [
      { origin: 'http://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ];
    for (const headers of crossSite) {
      const posted = await save(app, { name: 'evil', query: '' }, headers);
      assert.equal(posted.statusCode, 403, JSON.stringify(headers));
      assert.match(posted.json<{ error: string }>().error, /^save config: refused a request from another site/);
      const deleted = await app.inject({ method: 'DELETE', url: '/api/configs/kept', headers });
      assert.equal(deleted.statusCode, 403, JSON.stringify(headers));
    }
    assert.equal(readFileSync(file, 'utf8'), before);
    // The viewer's own page (inject's Host is localhost:80).
    const own = await save(
      app,
      { name: 'own', query: '' },
      { origin: 'http://localhost:80', 'sec-fetch-site': 'same-origin' },
    );
    assert.equal(own.statusCode, 200);
  });

  it("keeps each namespace's configs apart, in a file of its own under the data root", async () => {
    const teamA = viewerWithDataRoot('team-a');
    const teamB = viewerWithDataRoot('team-b', teamA.dataRoot);
    assert.equal((await save(teamA.app, { name: 'a only', query: 'f=main' })).statusCode, 200);
    assert.equal((await save(teamB.app, { name: 'b only', query: 'h=runtime' })).statusCode, 200);
    assert.deepEqual(await list(teamA.app), {
      configs: [{ name: 'a only', query: 'f=main' }],
      scope: 'namespace team-a',
    });
    assert.deepEqual(await list(teamB.app), {
      configs: [{ name: 'b only', query: 'h=runtime' }],
      scope: 'namespace team-b',
    });
    assert.equal((await teamB.app.inject({ method: 'DELETE', url: '/api/configs/a%20only' })).statusCode, 404);
    assert.deepEqual(JSON.parse(readFileSync(teamA.file, 'utf8')).configs, [{ name: 'a only', query: 'f=main' }]);
    // A namespace that is no DNS label could not name a file: that viewer saves nothing.
    const odd = buildViewerApp({ ...capture, dataRoot: teamA.dataRoot, namespace: '../team-a' });
    apps.push(odd);
    assert.match((await list(odd)).unavailable ?? '', /without a settings file/);
  });

  it('reports a corrupt settings file without its path, leaves it alone, and keeps the views working', async () => {
    const file = path.join(scratch, 'corrupt.json');
    writeFileSync(file, '{"configs": [');
    const app = viewerWithSettings(file);
    for (const response of [
      await app.inject({ url: '/api/configs' }),
      await save(app, { name: 'a', query: '' }),
      await app.inject({ method: 'DELETE', url: '/api/configs/a' }),
    ]) {
      assert.equal(response.statusCode, 500);
      assert.match(
        response.json<{ error: string }>().error,
        /^read settings file: not valid JSON .+; fix or remove the file$/,
      );
      assert.ok(!response.body.includes(scratch), response.body);
    }
    assert.equal(readFileSync(file, 'utf8'), '{"configs": [');
    assert.equal((await app.inject({ url: '/api/top' })).statusCode, 200);
  });

  it('says why when the viewer has no settings file', async () => {
    const app = viewerWithSettings(undefined);
    assert.deepEqual(await list(app), {
      configs: [],
      unavailable: 'This viewer was started without a settings file: configs cannot be saved.',
    });
    const response = await save(app, { name: 'a', query: '' });
    assert.equal(response.statusCode, 400);
    assert.match(response.json<{ error: string }>().error, /without a settings file/);
  });
});
