// `go-profiler view DUMP` reads its goroutine dump in a dump worker (issue 12, s7): the worker
// parses the real Go target's debug=2 text and builds the goroutine profile from that parse, and
// both equal what this thread's parse gives, byte for byte; the session's Goroutines view answers
// from that same parse, and a base dump is still read by the workers. A text that is no dump is
// named as the parser names it.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { preparsedDumpReader, readGoroutineDumpFile } from '../src/cli/view-goroutine-dump.js';
import { encodeProfile } from '../src/pprof/index.js';
import { goroutineDumpProfile, groupGoroutines, parseGoroutineDump } from '../src/query/index.js';
import { startGoTarget } from './support/go-target.js';

const dir = mkdtempSync(path.join(tmpdir(), 'go-profiler-view-dump-'));
const dumpFile = path.join(dir, 'view.debug2.txt');
const baseFile = path.join(dir, 'base.debug2.txt');
const debug1File = path.join(dir, 'debug1.txt');
after(() => rmSync(dir, { recursive: true, force: true }));

before(async () => {
  const target = await startGoTarget(['-goroutines', '400', '-stacks', '4', '-cpu', '0', '-leak', '0']);
  try {
    for (const [file, debug] of [
      [dumpFile, 2],
      [baseFile, 2],
      [debug1File, 1],
    ] as const) {
      const response = await fetch(`${target.url}/debug/pprof/goroutine?debug=${debug}`);
      assert.equal(response.status, 200);
      writeFileSync(file, await response.text());
    }
  } finally {
    await target.stop();
  }
});

describe('view DUMP', () => {
  it("parses the dump in a worker, and builds there the goroutine profile this thread's parse builds", async () => {
    const parsed: string[] = [];
    const read = await readGoroutineDumpFile(dumpFile, (dumpPath) => parsed.push(dumpPath));
    assert.deepEqual(parsed, [dumpFile]);
    const here = parseGoroutineDump(readFileSync(dumpFile, 'utf8'), dumpFile);
    assert.deepEqual(read.dump, { groups: groupGoroutines(here), truncated: false });
    assert.deepEqual(
      new Uint8Array(gunzipSync(read.profile)),
      encodeProfile(goroutineDumpProfile(here), { gzip: false }),
    );
  });

  it('answers the Goroutines view from that parse; a base dump is read by the workers', async () => {
    const read = await readGoroutineDumpFile(dumpFile);
    const reader = await preparsedDumpReader(dumpFile, read);
    assert.equal(await reader(dumpFile, 'view.debug2.txt'), read.dump);
    const base = await reader(baseFile, 'base.debug2.txt');
    const here = parseGoroutineDump(readFileSync(baseFile, 'utf8'), baseFile);
    assert.deepEqual(base, { groups: groupGoroutines(here), truncated: false });
  });

  it('names a debug=1 text as the parser does, from the worker', async () => {
    const firstLine = readFileSync(debug1File, 'utf8').split('\n')[0]!;
    await assert.rejects(readGoroutineDumpFile(debug1File), {
      name: 'GoroutineDumpError',
      message: `parse goroutine dump ${debug1File}: line 1: expected a header like "goroutine 18 [chan receive]:", found "${firstLine}" (this is a debug=1 dump; the analyser reads debug=2)`,
    });
  });
});
