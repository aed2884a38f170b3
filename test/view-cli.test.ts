// `go-profiler view FILE…` (the compiled bin): the viewer for files on disk, as `go tool pprof
// -http` serves it — the same totals for one file, merged files and a diff, the file itself as the
// download, a clear error for a bad file, the port closed on SIGTERM, and the Config menu's settings file
// (--settings, else XDG's config directory), and the Source view's code with --source-path.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { GOTARGET_DIR, REPO_ROOT, fixturePath } from './support/fixtures.js';
import { goToolPprof, pprofTotal } from './support/go-pprof.js';
import { isPortOpen } from './support/ports.js';
import {
  spawnViewer,
  stopViewer as stop,
  viewerTopTotal as topTotal,
  type ViewerProcess as Viewer,
} from './support/viewer-process.js';

const BIN = path.join(REPO_ROOT, 'dist/cli/main.js');
const run = promisify(execFile);

/** `go-profiler view ARGS` on a free loopback port, no browser. */
function view(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Viewer> {
  return spawnViewer(['view', '--no-browser', '--listen', '127.0.0.1:0', ...args], { env });
}

describe('go-profiler view', () => {
  it('serves one file with the totals go tool pprof prints, the file itself as the download, until SIGTERM', async () => {
    const file = fixturePath('heap-small.pb.gz');
    const viewer = await view([file]);
    try {
      assert.equal(await topTotal(viewer), pprofTotal(await goToolPprof(['-top', file])));
      const page = await fetch(`${viewer.url}/ui/flamegraph`);
      assert.match(page.headers.get('content-type') ?? '', /text\/html/);
      const profile = (await (await fetch(`${viewer.url}/api/profile`)).json()) as { type: string };
      assert.equal(profile.type, 'Heap');
      const download = Buffer.from(await (await fetch(`${viewer.url}/download`)).arrayBuffer());
      assert.ok(download.equals(readFileSync(file)), 'the download is the file as it is');
    } finally {
      await stop(viewer);
    }
    assert.equal(await isPortOpen(viewer.port), false);
  });

  it('merges several files and diffs against a base as go tool pprof does', async () => {
    const [small, medium] = [fixturePath('cpu-small.pb.gz'), fixturePath('cpu-medium.pb.gz')];
    const merged = await view([small, medium]);
    try {
      assert.equal(await topTotal(merged), pprofTotal(await goToolPprof(['-top', small, medium])));
    } finally {
      await stop(merged);
    }
    const diff = await view(['--diff-base', small, medium]);
    try {
      assert.equal(await topTotal(diff), pprofTotal(await goToolPprof(['-top', '-diff_base', small, medium])));
    } finally {
      await stop(diff);
    }
  });

  it("keeps the Config menu's saved configs in --settings FILE, else in XDG's config directory", async () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'go-profiler-view-settings-'));
    const file = fixturePath('heap-small.pb.gz');
    const saveConfig = (viewer: Viewer, name: string) =>
      fetch(`${viewer.url}/ui/api/configs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, query: 'h=runtime' }),
      });
    // A home of the test's own, so that nothing can reach the real one.
    const env = { ...process.env, HOME: path.join(scratch, 'home'), XDG_CONFIG_HOME: path.join(scratch, 'xdg') };
    try {
      const settings = path.join(scratch, 'settings.json');
      const flagged = await view(['--settings', settings, file], env);
      try {
        assert.equal((await saveConfig(flagged, 'no runtime')).status, 200);
      } finally {
        await stop(flagged);
      }
      assert.deepEqual(JSON.parse(readFileSync(settings, 'utf8')).configs, [
        { name: 'no runtime', query: 'h=runtime' },
      ]);

      const xdgSettings = path.join(scratch, 'xdg', 'go-profiler', 'settings.json');
      const byDefault = await view([file], env);
      try {
        // The answer names no path (SPEC §5); the file is read below.
        const listing = (await (await fetch(`${byDefault.url}/api/configs`)).json()) as { configs: [] };
        assert.deepEqual(listing, { configs: [] });
        assert.equal((await saveConfig(byDefault, 'xdg')).status, 200);
      } finally {
        await stop(byDefault);
      }
      assert.deepEqual(JSON.parse(readFileSync(xdgSettings, 'utf8')).configs, [{ name: 'xdg', query: 'h=runtime' }]);
      assert.equal(existsSync(path.join(scratch, 'home')), false);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('refuses a file that is not a profile with one line naming it', async () => {
    const notProfile = path.join(REPO_ROOT, 'package.json');
    await assert.rejects(
      run(process.execPath, [BIN, 'view', notProfile]),
      (error: { code: number; stderr: string }) => {
        assert.equal(error.code, 1);
        assert.match(error.stderr, new RegExp(`^go-profiler: read profile ${notProfile}: .+\\n$`));
        return true;
      },
    );
  });

  it('shows the code in the Source view with --source-path, and refuses a source path that is not there', async () => {
    const viewer = await view(['--source-path', GOTARGET_DIR, fixturePath('heap-small.pb.gz')]);
    try {
      const response = await fetch(`${viewer.url}/api/source?f=${encodeURIComponent('^main\\.runPath$')}`);
      const model = (await response.json()) as { routines: { file: string; code: { line: number; text: string }[] }[] };
      assert.equal(model.routines[0]?.file, 'main.go');
      assert.equal(model.routines[0]?.code.find((line) => line.line === 201)?.text, 'func runPath(p *path) {');
    } finally {
      await stop(viewer);
    }
    const missing = path.join(REPO_ROOT, 'no-such-dir');
    await assert.rejects(
      run(process.execPath, [BIN, 'view', '--source-path', missing, fixturePath('heap-small.pb.gz')]),
      (error: { code: number; stderr: string }) => {
        assert.equal(error.code, 1);
        assert.match(error.stderr, new RegExp(`^go-profiler: read source path ${missing}: .+\\n$`));
        return true;
      },
    );
  });
});
