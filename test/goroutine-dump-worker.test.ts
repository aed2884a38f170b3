// The Goroutines view's dump is parsed in a worker thread: while the real Go target's dump of 50,000
// goroutines is being parsed for one session, another session's page is answered (an ordering, not
// a time), and the answer is the one the analyser gives in this thread. A dump that is no dump is
// still named as such, and the session keeps serving.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { groupGoroutines, parseGoroutineDump } from '../src/query/index.js';
import { workerGoroutineDumpReader } from '../src/web/goroutine-dump-reader.js';
import { GoroutineDumps } from '../src/web/goroutine-dumps.js';
import type { GoroutineReportModel } from '../src/web/goroutine-view-model.js';
import { buildViewerApp, type DecodedCapture } from '../src/web/viewer-server.js';
import { fixtureCapture } from './support/fixture-capture.js';
import { startGoTarget } from './support/go-target.js';

const GOROUTINES = 50_000;
const dir = mkdtempSync(path.join(tmpdir(), 'go-profiler-dump-worker-'));
const dumpFile = path.join(dir, 'goroutine.debug2.txt');
const notADump = path.join(dir, 'not-a-dump.debug2.txt');
after(() => rmSync(dir, { recursive: true, force: true }));

before(async () => {
  // 50,000 parked goroutines on 4 short paths: ~34 MB of text, most of a second to parse.
  const target = await startGoTarget([
    '-goroutines',
    String(GOROUTINES),
    '-stacks',
    '4',
    '-depth',
    '1',
    '-cpu',
    '0',
    '-leak',
    '0',
  ]);
  try {
    const response = await fetch(`${target.url}/debug/pprof/goroutine?debug=2`);
    assert.equal(response.status, 200);
    writeFileSync(dumpFile, await response.text());
  } finally {
    await target.stop();
  }
  writeFileSync(notADump, 'hello\n');
});

/** A goroutine capture whose dump is `dump` (as `go-profiler view` gives one, by its path). */
function goroutineCapture(dump: string): DecodedCapture {
  return { ...fixtureCapture('goroutine-small.pb.gz', 'Goroutine'), goroutineDump: dump };
}

describe('goroutine dumps parsed in a worker', () => {
  it("answers another session's page while a 50,000-goroutine dump is parsed, then the same groups as this thread's parse", async () => {
    let parsingStarted!: () => void;
    const parsing = new Promise<void>((resolve) => (parsingStarted = resolve));
    const reader = workerGoroutineDumpReader({ onParsing: () => parsingStarted() });
    const large = buildViewerApp(goroutineCapture(dumpFile), { goroutineDumpReader: reader });
    const other = buildViewerApp(fixtureCapture('heap-small.pb.gz', 'Heap'));
    try {
      const order: string[] = [];
      const goroutines = large.inject({ url: '/api/goroutines' }).then((response) => {
        order.push('dump answered');
        return response;
      });
      await parsing;
      const page = await other.inject({ url: '/' });
      order.push('other page answered');
      assert.equal(page.statusCode, 200);
      assert.match(String(page.headers['content-type']), /^text\/html/);
      const response = await goroutines;
      assert.deepEqual(order, ['other page answered', 'dump answered']);
      assert.equal(response.statusCode, 200, response.body.slice(0, 300));

      // The answer is the analyser's in this thread, group for group.
      const inThread = new GoroutineDumps(
        { file: 'x', type: 'Goroutine', source: 'x' },
        dumpFile,
        async (file, name) => {
          const dump = parseGoroutineDump(readFileSync(file, 'utf8'), name);
          return { groups: groupGoroutines(dump), truncated: dump.truncated };
        },
      );
      const answer = response.json() as GoroutineReportModel;
      assert.deepEqual(answer, JSON.parse(JSON.stringify(await inThread.report(''))));
      const parked = answer.groups.filter((group) =>
        group.frames.some((frame) => frame.function === 'main.parkedMain'),
      );
      assert.equal(
        parked.reduce((sum, group) => sum + group.count, 0),
        GOROUTINES,
      );
    } finally {
      await Promise.all([large.close(), other.close()]);
    }
  });

  it('names a dump that is no dump, with its line, and keeps serving', async () => {
    const app = buildViewerApp(goroutineCapture(notADump));
    try {
      for (let ask = 0; ask < 2; ask++) {
        const response = await app.inject({ url: '/api/goroutines' });
        assert.equal(response.statusCode, 500);
        assert.equal(
          response.json().error,
          `parse goroutine dump ${goroutineCapture(notADump).file}: line 1: expected a header like "goroutine 18 [chan receive]:", found "hello"`,
        );
      }
      assert.equal((await app.inject({ url: '/api/top' })).statusCode, 200);
    } finally {
      await app.close();
    }
  });
});
