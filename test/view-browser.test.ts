// `go-profiler view` opens the viewer in the browser as `go tool pprof -http` does: $BROWSER (here
// a script of the test's own that records the URL it is given) when there is a display, nothing
// without one or with --no-browser. The browser shares the viewer's stderr, as pprof's does: once
// that pipe has closed, any browser started has finished, so "nothing was opened" is certain.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { browserCommands } from '../src/cli/open-browser.js';
import { REPO_ROOT, fixturePath } from './support/fixtures.js';

const BIN = path.join(REPO_ROOT, 'dist/cli/main.js');

/** A browser that appends the URL it is given to `record`. */
function recordingBrowser(): { browser: string; record: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'go-profiler-browser-'));
  const browser = path.join(dir, 'record-url');
  const record = path.join(dir, 'urls.txt');
  writeFileSync(browser, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${record}'\n`);
  chmodSync(browser, 0o755);
  return { browser, record };
}

/** The environment without any display, plus `extra`. */
function environment(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  delete env.BROWSER;
  return { ...env, ...extra };
}

interface ViewRun {
  readonly servingLine: string;
  readonly stderr: string;
  readonly code: number | null;
}

/**
 * Runs `go-profiler ARGS` until it serves (and, with `untilStderr`, until it has said something on
 * stderr), then stops it; resolves once every holder of its stderr is done.
 */
function viewUntilServing(args: readonly string[], env: NodeJS.ProcessEnv, untilStderr = false): Promise<ViewRun> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stderr = '';
  let servingLine = '';
  // The browser, if any, is started in the same step as the line is printed: stopping the viewer
  // once the line is read cannot prevent it.
  const stopWhenDone = () => {
    if (servingLine !== '' && (!untilStderr || stderr.endsWith('\n'))) child.kill('SIGTERM');
  };
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    stopWhenDone();
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (servingLine !== '' || !line.startsWith('Serving web UI on ')) return;
    servingLine = line;
    stopWhenDone();
  });
  return new Promise((resolve) => child.once('close', (code) => resolve({ servingLine, stderr, code })));
}

const urlOf = (servingLine: string) => servingLine.slice('Serving web UI on '.length);

describe('go-profiler view opening the browser', () => {
  const heap = fixturePath('heap-small.pb.gz');

  it('opens $BROWSER on the viewer when there is a display', async () => {
    const { browser, record } = recordingBrowser();
    const result = await viewUntilServing(
      ['view', '--listen', '127.0.0.1:0', heap],
      environment({ DISPLAY: ':0', BROWSER: browser }),
    );
    assert.equal(result.stderr, '');
    assert.match(result.servingLine, /^Serving web UI on http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(readFileSync(record, 'utf8'), `${urlOf(result.servingLine)}/\n`);
  });

  it('opens the view a pasted pprof line asks for (Wayland display)', async () => {
    const { browser, record } = recordingBrowser();
    const result = await viewUntilServing(
      ['-http=127.0.0.1:0', '-sample_index=alloc_space', '-focus=main', heap],
      environment({ WAYLAND_DISPLAY: 'wayland-0', BROWSER: browser }),
    );
    assert.match(result.servingLine, /^Serving web UI on http:\/\/127\.0\.0\.1:\d+\/\?si=alloc_space&f=main$/);
    assert.equal(readFileSync(record, 'utf8'), `${urlOf(result.servingLine)}\n`);
  });

  it('opens nothing without a display, with --no-browser or with -no_browser', async () => {
    const runs: [string[], NodeJS.ProcessEnv][] = [
      [['view', '--listen', '127.0.0.1:0', heap], {}],
      [['view', '--no-browser', '--listen', '127.0.0.1:0', heap], { DISPLAY: ':0' }],
      [['-no_browser', '-http=127.0.0.1:0', heap], { DISPLAY: ':0' }],
    ];
    for (const [args, display] of runs) {
      const { browser, record } = recordingBrowser();
      const result = await viewUntilServing(args, environment({ ...display, BROWSER: browser }));
      assert.match(result.servingLine, /^Serving web UI on http:\/\/127\.0\.0\.1:\d+$/, args.join(' '));
      assert.equal(result.stderr, '');
      assert.equal(existsSync(record), false, `${args.join(' ')} opened no browser`);
    }
  });

  it('says so, and serves on, when no browser can be started', async () => {
    const result = await viewUntilServing(
      ['view', '--listen', '127.0.0.1:0', heap],
      environment({ DISPLAY: ':0', BROWSER: '/nonexistent/browser', PATH: '/nonexistent' }),
      true,
    );
    const url = `${urlOf(result.servingLine)}/`;
    assert.equal(
      result.stderr,
      `go-profiler: open ${url}: no browser could be started (tried /nonexistent/browser, xdg-open; set BROWSER)\n`,
    );
    assert.equal(result.code, 0);
  });
});

describe('browserCommands', () => {
  it("tries $BROWSER (split on spaces, as pprof's) and then the desktop's opener", () => {
    const env = { DISPLAY: ':0', BROWSER: 'firefox --new-window' };
    assert.deepEqual(browserCommands({ env, platform: 'linux' }), [['firefox', '--new-window'], ['xdg-open']]);
    assert.deepEqual(browserCommands({ env: {}, platform: 'darwin' }), [['/usr/bin/open']]);
    assert.deepEqual(browserCommands({ env: {}, platform: 'win32' }), [['cmd', '/c', 'start']]);
  });

  it('tries nothing on Linux without DISPLAY or WAYLAND_DISPLAY', () => {
    assert.deepEqual(browserCommands({ env: { BROWSER: 'firefox' }, platform: 'linux' }), []);
    assert.deepEqual(browserCommands({ env: { DISPLAY: '' }, platform: 'freebsd' }), []);
  });
});
