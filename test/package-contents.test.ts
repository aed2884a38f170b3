// The packed package (`npm pack`, as `npm publish` would ship it) holds what runs and nothing else:
// the compiled dist/ with the client bundle, README, LICENSE; no sources, tests or test data. Then
// it runs, unpacked beside only the production dependencies: `go-profiler top` and `view`.

import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { REPO_ROOT, fixturePath } from './support/fixtures.js';
import { linkProductionDependencies, pack, unpack } from './support/packed-package.js';

const run = promisify(execFile);

/** Every file under dist/, as paths relative to the repository, but the server's source maps. */
function distFiles(dir = 'dist'): string[] {
  return readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return distFiles(relative);
    return relative.endsWith('.map') && !relative.startsWith('dist/web/client/') ? [] : [relative];
  });
}

describe('the packed package', () => {
  it('holds dist/, the client bundle, README, LICENSE and package.json, and runs', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'go-profiler-pack-'));
    const packed = await pack(dir);
    const files = packed.files.map((file) => file.path).sort();
    assert.deepEqual(
      files.filter((file) => !file.startsWith('dist/')),
      ['LICENSE', 'README.md', 'package.json'],
    );
    assert.deepEqual(files.filter((file) => file.startsWith('dist/')).sort(), distFiles().sort());
    for (const needed of [
      'dist/cli/main.js',
      'dist/web/client/app.js',
      'dist/web/client/app.css',
      'dist/web/client/report.js',
      'dist/web/client/search-regexp.js',
    ]) {
      assert.ok(files.includes(needed), needed);
    }
    assert.deepEqual(
      files.filter((file) => /^(testdata|test|src|bench)\//.test(file) || /\.test\./.test(file)),
      [],
    );
    assert.equal(packed.entryCount, files.length);

    // Unpacked as npm installs it, beside the production dependencies only.
    const nodeModules = path.join(dir, 'node_modules');
    const installed = path.join(nodeModules, 'go-profiler');
    await unpack(path.join(dir, packed.filename), installed);
    await linkProductionDependencies(nodeModules);
    const bin = path.join(installed, 'dist/cli/main.js');
    const { stdout } = await run(process.execPath, [bin, 'top', fixturePath('heap-small.pb.gz')], {
      cwd: dir,
      env: { ...process.env, TZ: 'UTC' },
    });
    assert.equal(stdout, readFileSync(path.join(REPO_ROOT, 'testdata/golden/heap-small.inuse_space.top.txt'), 'utf8'));

    // The viewer: its query workers and the client bundle come from the package too.
    const viewer = spawn(
      process.execPath,
      [bin, 'view', '--no-browser', '--listen', '127.0.0.1:0', fixturePath('heap-small.pb.gz')],
      {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, GO_PROFILER_QUERY_WORKER: 'worker' },
      },
    );
    try {
      let url = '';
      for await (const line of createInterface({ input: viewer.stdout })) {
        url = /^Serving web UI on (\S+)$/.exec(line)?.[1] ?? '';
        if (url !== '') break;
      }
      const script = await fetch(`${url}/ui/assets/app.js`);
      assert.equal(script.status, 200);
      assert.match(script.headers.get('content-type') ?? '', /javascript/);
      const top = (await (await fetch(`${url}/api/top`)).json()) as { totalText: string };
      assert.equal(top.totalText, '1155.40kB');
    } finally {
      const exited = new Promise((resolve) => viewer.once('exit', resolve));
      viewer.kill('SIGTERM');
      await exited;
    }
  });
});
