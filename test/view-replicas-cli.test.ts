// `go-profiler view --replicas FILE…` (the compiled bin): each file a replica named by its file
// name; the merged profile at `/` with go tool pprof's total of the files merged, each replica's
// own under `/replica/NAME/` with pprof's total of its file, the ranking of the query at
// `/api/replicas`; names the viewer cannot serve refused with one clear line.

import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { decodeProfile } from '../src/pprof/index.js';
import { compareReplicas, DEFAULT_QUERY_OPTIONS, withOptions } from '../src/query/index.js';
import { REPO_ROOT, fixturePath } from './support/fixtures.js';
import { goToolPprof, pprofTotal } from './support/go-pprof.js';

const BIN = path.join(REPO_ROOT, 'dist/cli/main.js');
const dir = mkdtempSync(path.join(tmpdir(), 'go-profiler-view-replicas-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of a fixture under `dir` as `name`. */
function replicaFile(fixture: string, name: string): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  copyFileSync(fixturePath(fixture), file);
  return file;
}

const FILES = [
  replicaFile('heap-small.pb.gz', 'web-0.pb.gz'),
  replicaFile('heap-medium.pb.gz', 'web-1.prof'),
  replicaFile('heap-sparse.pb.gz', 'web-2.pb.gz'),
];

async function view(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'view', '--no-browser', '--listen', '127.0.0.1:0', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for await (const line of createInterface({ input: child.stdout! })) {
    const match = /^Serving web UI on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
    if (match !== null) return { child, url: match[1]! };
  }
  throw new Error('go-profiler view --replicas exited without serving');
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  assert.equal(response.status, 200, url);
  return response.json();
}

async function failure(args: string[]): Promise<{ code: number; stderr: string }> {
  return promisify(execFile)(process.execPath, [BIN, 'view', '--no-browser', ...args]).then(
    () => assert.fail(`view ${args.join(' ')} succeeded`),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );
}

describe('go-profiler view --replicas', () => {
  it("serves the merged files, each replica by its file name, and the query's ranking", async () => {
    const viewer = await view(['--replicas', ...FILES]);
    try {
      const profiles = FILES.map((file, i) => ({ name: `web-${i}`, profile: decodeProfile(readFileSync(file)) }));
      for (const si of ['', 'alloc_space']) {
        const options = withOptions(DEFAULT_QUERY_OPTIONS, { sampleIndex: si });
        assert.deepEqual(
          await getJson(`${viewer.url}/api/replicas${si === '' ? '' : `?si=${si}`}`),
          JSON.parse(JSON.stringify(compareReplicas(profiles, options))),
          si,
        );
      }
      const merged = (await getJson(`${viewer.url}/api/top`)) as { totalText: string };
      assert.equal(merged.totalText, pprofTotal(await goToolPprof(['-top', ...FILES])));
      for (const [i, file] of FILES.entries()) {
        const own = (await getJson(`${viewer.url}/replica/web-${i}/api/top`)) as { totalText: string };
        assert.equal(own.totalText, pprofTotal(await goToolPprof(['-top', file])), file);
        const download = await fetch(`${viewer.url}/replica/web-${i}/download`);
        assert.deepEqual(Buffer.from(await download.arrayBuffer()), readFileSync(file));
      }
      assert.deepEqual(((await getJson(`${viewer.url}/api/profile`)) as { replicas: unknown }).replicas, {
        names: ['web-0', 'web-1', 'web-2'],
      });
    } finally {
      const exited = new Promise((resolve) => viewer.child.once('exit', resolve));
      viewer.child.kill('SIGTERM');
      await exited;
    }
  });

  it('refuses two files of one name, a name not fit for a path, and a base', async () => {
    const again = replicaFile('heap-small.pb.gz', 'other/web-0.pb.gz');
    const spaced = replicaFile('heap-small.pb.gz', 'web 3.pb.gz');
    for (const [args, message] of [
      [['--replicas', FILES[0]!, again], `parse replica name "web-0": both ${FILES[0]} and ${again} have it`],
      [
        ['--replicas', FILES[0]!, spaced],
        `parse replica name "web 3": of ${spaced}: use letters, digits, '.', '_' and '-' only, starting with a letter or digit`,
      ],
      [
        ['--replicas', '--base', FILES[0]!, FILES[1]!],
        'parse option --replicas: cannot be used with --diff-base or --base',
      ],
    ] as const) {
      const { code, stderr } = await failure([...args]);
      assert.equal(code, 1);
      assert.equal(stderr, `go-profiler: ${message}\n`);
    }
  });

  it('refuses replicas of different profile types, as pprof refuses to merge them', async () => {
    const cpu = replicaFile('cpu-small.pb.gz', 'web-cpu.pb.gz');
    const { code, stderr } = await failure(['--replicas', FILES[0]!, cpu]);
    assert.equal(code, 1);
    assert.match(stderr, /^go-profiler: merge profiles: .+\n$/);
  });
});
