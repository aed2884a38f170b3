// The viewer's Peek and Source routes against `go tool pprof -peek`, `-list` and `-diff_base` (a
// real process, hence test/): the same callers, callees, totals and line weights.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HEAP_CAPTURE_PAIR, makeDataRoot, type TestDataRoot } from './support/data-root.js';
import { fixturePath, loadFixture } from './support/fixtures.js';
import { goToolPprof } from './support/go-pprof.js';
import {
  runPprofList,
  runPprofPeek,
  type PprofList,
  type PprofPeek,
  type PprofPeekCall,
} from './support/pprof-peek.js';
import { computePeek, computeSourceListing, DEFAULT_QUERY_OPTIONS, withOptions } from '../src/query/index.js';
import { peekRegexpOf, refineSubjectOf } from '../src/web/client/refine/apply-refine.js';
import type { PeekCallModel, PeekViewModel, SourceViewModel } from '../src/web/view-models.js';
import { buildViewerApp } from '../src/web/viewer-server.js';
import { fixtureCapture } from './support/fixture-capture.js';

const heap = buildViewerApp(fixtureCapture('heap-small.pb.gz', 'Heap'));
const cpu = buildViewerApp(fixtureCapture('cpu-small.pb.gz', 'Profile'));
after(async () => {
  await heap.close();
  await cpu.close();
});

async function json<T>(app: typeof heap, url: string): Promise<T> {
  const response = await app.inject({ url });
  assert.equal(response.statusCode, 200, `${url}: ${response.body.slice(0, 300)}`);
  return response.json() as T;
}

/** Our peek in the shape runPprofPeek reads pprof's text into. */
function asPprofPeek(model: PeekViewModel): PprofPeek {
  const call = (c: PeekCallModel): PprofPeekCall => ({
    weight: c.weightText,
    percent: c.percent,
    name: c.inline ? `${c.name} (inline)` : c.name,
  });
  return {
    header: model.legend,
    entries: model.entries.map((e) => ({
      flat: e.flatText,
      flatPercent: e.flatPercent,
      sumPercent: e.sumPercent,
      cum: e.cumText,
      cumPercent: e.cumPercent,
      name: e.name,
      callers: e.callers.map(call),
      callees: e.callees.map(call),
    })),
  };
}

/** Our source listing in the shape runPprofList reads pprof's text into (lines only where pprof has them). */
function asPprofList(model: SourceViewModel, pprof: PprofList): PprofList {
  return {
    total: model.legend.at(-1)?.replace(/^Total: /, '') ?? '',
    routines: model.routines.map((r, i) => ({
      function: r.function,
      file: r.file,
      flat: r.flatText,
      cum: r.cumText,
      percent: r.cumPercent,
      lines:
        (pprof.routines[i]?.lines.size ?? 0) === 0
          ? new Map()
          : new Map(r.lines.map((line) => [line.line, [line.flatText, line.cumText] as const])),
    })),
  };
}

/** pprof's peek as the viewer cuts it: at most `entries` functions, 50 callers and 50 callees each. */
function cut(expected: PprofPeek, entries = 80): PprofPeek {
  return {
    ...expected,
    entries: expected.entries
      .slice(0, entries)
      .map((e) => ({ ...e, callers: e.callers.slice(0, 50), callees: e.callees.slice(0, 50) })),
  };
}

const HEAP_SMALL = fixturePath('heap-small.pb.gz');

describe('the Peek route', () => {
  it('answers go tool pprof -peek F -focus F for f, as pprof -http does', async () => {
    for (const [query, regexp, flags] of [
      ['f=%5Emain%5C.runPath%24', '^main\\.runPath$', []],
      ['f=main%5C.&si=alloc_space', 'main\\.', ['-sample_index=alloc_space']],
      ['f=json&sort=cum', 'json', ['-cum']],
    ] as const) {
      const expected = await runPprofPeek(regexp, [`-focus=${regexp}`, ...flags, HEAP_SMALL]);
      const model = await json<PeekViewModel>(heap, `/ui/api/peek?${query}`);
      assert.deepEqual(asPprofPeek(model), cut(expected), query);
      assert.equal(model.matchedCount, expected.entries.length, query);
      assert.equal(model.pattern, regexp);
    }
  });

  it('with no f, peeks at every function, the 80 heaviest unless n says otherwise, counting the rest', async () => {
    const expected = await runPprofPeek('.', [HEAP_SMALL]);
    assert.equal(expected.entries.length, 131, 'the fixture has more than 80 functions');
    const capped = await json<PeekViewModel>(heap, '/api/peek');
    assert.deepEqual(asPprofPeek(capped), cut(expected));
    assert.equal(capped.matchedCount, expected.entries.length);
    assert.equal(capped.entryLimit, 80);
    const all = await json<PeekViewModel>(heap, '/api/peek?n=0');
    assert.deepEqual(asPprofPeek(all), cut(expected, Infinity));
    const ten = await json<PeekViewModel>(heap, '/api/peek?n=10');
    assert.deepEqual(
      ten.entries.map((e) => e.name),
      expected.entries.slice(0, 10).map((e) => e.name),
    );
  });

  it('caps the callers and callees of a function at 50, counting what it left out', async () => {
    const regexp = '^main\\.computeRequest$';
    const expected = await runPprofPeek(regexp, [`-focus=${regexp}`, fixturePath('cpu-medium.pb.gz')]);
    const pprofEntry = expected.entries[0]!;
    assert.deepEqual([pprofEntry.callers.length, pprofEntry.callees.length], [64, 57], 'a function with many calls');
    const app = buildViewerApp(fixtureCapture('cpu-medium.pb.gz', 'Profile'));
    try {
      const model = await json<PeekViewModel>(app, `/api/peek?f=${encodeURIComponent(regexp)}`);
      assert.deepEqual(asPprofPeek(model), cut(expected));
      const entry = model.entries[0]!;
      assert.equal(entry.omittedCallers?.count, pprofEntry.callers.length - 50);
      assert.equal(entry.omittedCallees?.count, pprofEntry.callees.length - 50);
      // Left out: the lightest, each no heavier than the last one shown.
      assert.equal(entry.omittedCallers?.weight, 140_000_000);
      assert.ok(
        (entry.omittedCallers?.weight ?? 0) <= entry.callers.at(-1)!.weight * (entry.omittedCallers?.count ?? 0),
      );
    } finally {
      await app.close();
    }
  });

  it('marks the names the search matches', async () => {
    const model = await json<PeekViewModel>(heap, '/api/peek?f=%5Emain%5C.runPath%24&q=setupLeak');
    const entry = model.entries[0]!;
    assert.equal(entry.matched, false);
    assert.deepEqual(
      entry.callers.filter((c) => c.matched === true).map((c) => c.name),
      ['main.(*config).setupLeak'],
    );
  });

  it('answers an empty peek when f matches nothing', async () => {
    const model = await json<PeekViewModel>(heap, '/api/peek?f=noSuchFunction');
    assert.deepEqual(model.entries, []);
    assert.equal(model.matchedCount, 0);
  });
});

describe('the peek links (peekRegexpOf)', () => {
  it('peeks at and lists exactly the chosen function, at any granularity', () => {
    const profile = loadFixture('heap-small.pb.gz');
    assert.equal(peekRegexpOf(['main.runPath'], 'functions'), '^main\\.runPath$');
    for (const granularity of ['functions', 'lines', 'addresses'] as const) {
      const options = withOptions(DEFAULT_QUERY_OPTIONS, { granularity });
      // A name the peek view shows at this granularity.
      const shown = computePeek(profile, options, 'main\\.runPath').entries[0]!.name;
      const focus = peekRegexpOf([shown], granularity);
      const peek = computePeek(profile, withOptions(options, { focus }), focus);
      assert.deepEqual(
        peek.entries.map((entry) => entry.name),
        [shown],
        granularity,
      );
      assert.equal(refineSubjectOf(shown, granularity), 'main.runPath', granularity);
      const listing = computeSourceListing(profile, withOptions(options, { focus }), focus);
      assert.deepEqual(
        listing.routines.map((routine) => routine.function),
        ['main.runPath'],
        granularity,
      );
    }
  });
});

describe('the Source route', () => {
  it("answers go tool pprof -list F -focus F's totals and line weights", async () => {
    const regexp = 'runtime\\.mallocgc$';
    const expected = await runPprofList(regexp, [`-focus=${regexp}`, fixturePath('cpu-small.pb.gz')]);
    assert.deepEqual(
      [expected.routines.length, expected.routines[0]?.lines.size],
      [1, 14],
      'pprof read the Go library source',
    );
    const model = await json<SourceViewModel>(cpu, `/api/source?f=${encodeURIComponent(regexp)}`);
    assert.deepEqual(asPprofList(model, expected), expected);
  });

  it("lists every routine's totals as -list does, and their lines' weights as -top -lines does", async () => {
    const regexp = 'main\\.';
    const expected = await runPprofList(regexp, [`-focus=${regexp}`, HEAP_SMALL]);
    assert.equal(expected.routines.length, 106);
    const model = await json<SourceViewModel>(heap, `/ui/api/source?n=0&f=${encodeURIComponent(regexp)}`);
    assert.deepEqual(asPprofList(model, expected), expected);

    // pprof has no source for package main, so its -list prints no lines; -top at line
    // granularity weighs the same lines (in bytes here, so both print one unit).
    const top = await goToolPprof([
      '-top',
      '-lines',
      '-nodecount=0',
      '-nodefraction=0',
      '-unit=B',
      `-focus=${regexp}`,
      HEAP_SMALL,
    ]);
    const topLines = new Set<string>();
    for (const row of top.split('\n')) {
      const match = /^\s*(\S+)\s+\S+\s+\S+\s+(\S+)\s+\S+\s+(main\.\S+) (\S+):(\d+)( \(inline\))?$/.exec(row);
      if (match !== null) topLines.add(`${match[3]} ${match[4]}:${match[5]} ${match[1]} ${match[2]}`);
    }
    const inBytes = await json<SourceViewModel>(heap, `/api/source?n=0&unit=B&f=${encodeURIComponent(regexp)}`);
    const ourLines = new Set(
      inBytes.routines
        .filter((r) => r.function.startsWith('main.'))
        .flatMap((r) =>
          r.lines.map((l) => `${r.function} ${r.file}:${l.line} ${l.flat === 0 ? '0' : l.flatText} ${l.cumText}`),
        ),
    );
    assert.equal(topLines.size, 131, 'pprof weighed the lines of package main');
    assert.deepEqual(ourLines, topLines);
  });

  it('keeps the 50 heaviest routines (by flat) when more match, in -list order', async () => {
    const all = await json<SourceViewModel>(heap, '/api/source?n=0');
    const capped = await json<SourceViewModel>(heap, '/api/source');
    assert.equal(all.routines.length, 131);
    assert.equal(capped.matchedCount, all.routines.length);
    assert.equal(capped.routines.length, 50);
    const minimumKept = Math.min(...capped.routines.map((r) => r.flat));
    const keptNames = new Set(capped.routines.map((r) => `${r.function} ${r.file}`));
    assert.ok(all.routines.every((r) => keptNames.has(`${r.function} ${r.file}`) || r.flat <= minimumKept));
    assert.deepEqual(
      capped.routines.map((r) => r.function),
      all.routines.filter((r) => keptNames.has(`${r.function} ${r.file}`)).map((r) => r.function),
    );
  });
});

describe('Peek and Source refuse a bad regexp, naming the parameter', () => {
  it('answers 400 for a bad f or q', async () => {
    for (const [url, key, error] of [
      ['/api/peek?f=(', 'f', 'peek "(": error parsing regexp: missing closing ): `(`'],
      ['/ui/api/source?f=main%5C.(', 'f', 'list "main\\\\.(": error parsing regexp: missing closing ): `main\\.(`'],
      ['/api/peek?q=%5B', 'q', 'search "[": error parsing regexp: missing closing ]: `[`'],
      [
        '/api/source?f=main&q=(%3F%3D',
        'q',
        'search "(?=": error parsing regexp: invalid or unsupported Perl syntax: `(?=`',
      ],
    ] as const) {
      const response = await heap.inject({ url });
      assert.equal(response.statusCode, 400, url);
      assert.deepEqual(response.json(), { error, key }, url);
    }
    assert.equal((await heap.inject({ url: '/api/peek?f=main' })).statusCode, 200);
  });
});

describe('Peek and Source of a diff', () => {
  let root: TestDataRoot;
  let app: ReturnType<typeof buildViewerApp>;
  before(async () => {
    root = await makeDataRoot(HEAP_CAPTURE_PAIR);
    app = buildViewerApp(await root.captureOf(1));
  });
  after(async () => {
    await app?.close();
    await root?.remove();
  });

  it('answers go tool pprof -diff_base for base', async () => {
    const base = encodeURIComponent(root.records[0]!.file);
    const flags = ['-focus=main\\.', `-diff_base=${HEAP_SMALL}`, fixturePath('heap-sparse.pb.gz')];
    const peek = await json<PeekViewModel>(app, `/api/peek?n=0&f=main%5C.&base=${base}`);
    const expectedPeek = await runPprofPeek('main\\.', flags);
    assert.deepEqual(asPprofPeek(peek), cut(expectedPeek, Infinity));
    assert.ok(
      peek.entries.some((e) => e.callees.some((c) => c.weight < 0)),
      'some calls shrank',
    );
    const source = await json<SourceViewModel>(app, `/api/source?n=0&f=main%5C.&base=${base}`);
    const expectedList = await runPprofList('main\\.', flags);
    assert.deepEqual(asPprofList(source, expectedList), expectedList);
  });
});
