// `go-profiler view FILE` of a large file (the compiled bin): decoded in a query pool worker while
// the viewer loads (cli/view-single-file.ts), with pprof's totals and the profile's kind, its first
// flame graph built there; and a large file that is no profile refused before listening, naming it.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { POOLED_VIEW_MIN_FILE_BYTES } from '../src/cli/view-single-file.js';
import { decodeFlameGraph } from '../src/web/flame-graph-wire.js';
import { REPO_ROOT, fixturePath } from './support/fixtures.js';
import { pprofTotal } from './support/go-pprof.js';
import { spawnViewer, stopViewer, viewerTopTotal } from './support/viewer-process.js';

const BIN = path.join(REPO_ROOT, 'dist/cli/main.js');
const run = promisify(execFile);

describe('go-profiler view of a large file', () => {
  it('serves heap-large from the query pool with the totals go tool pprof prints', async () => {
    const file = fixturePath('heap-large.pb.gz');
    assert.ok(readFileSync(file).length >= POOLED_VIEW_MIN_FILE_BYTES, 'heap-large goes to the pool');
    const viewer = await spawnViewer(['view', '--no-browser', '--listen', '127.0.0.1:0', file]);
    try {
      const golden = readFileSync(path.join(REPO_ROOT, 'testdata/golden/heap-large.inuse_space.top.txt'), 'utf8');
      assert.equal(await viewerTopTotal(viewer), pprofTotal(golden));
      const profile = (await (await fetch(`${viewer.url}/api/profile`)).json()) as { type: string; file: string };
      assert.deepEqual([profile.type, profile.file], ['Heap', 'heap-large.pb.gz']);
      const graph = decodeFlameGraph(await (await fetch(`${viewer.url}/api/flamegraph`)).arrayBuffer());
      assert.equal(graph.sampleType.type, 'inuse_space');
      assert.equal(graph.info.legend.at(-1), 'Showing nodes accounting for 234.08MB, 100% of 234.08MB total');
    } finally {
      await stopViewer(viewer);
    }
  });

  it('refuses a large file that is not a profile with one line naming it, before serving', async () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'view-large-'));
    const notProfile = path.join(scratch, 'noise.pb.gz');
    // gzip's magic, then bytes that are no deflate data: it goes to the pool by its size and fails there.
    writeFileSync(
      notProfile,
      Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.alloc(POOLED_VIEW_MIN_FILE_BYTES, 0xff)]),
    );
    try {
      await assert.rejects(
        run(process.execPath, [BIN, 'view', '--no-browser', notProfile]),
        (error: { code: number; stdout: string; stderr: string }) => {
          assert.equal(error.code, 1);
          assert.equal(error.stdout, '');
          assert.match(
            error.stderr,
            new RegExp(
              `^go-profiler: read profile ${notProfile}: decode profile: corrupt gzip data \\(invalid block type\\)\\n$`,
            ),
          );
          return true;
        },
      );
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
