// No viewer query stalls the process (issue 8's findings: one `/api/top?f=(.%2B)%2BQQQ` froze the
// whole processor for 40 s; a 100,000-frame profile stopped `/healthz` for a minute). The real
// `go-profiler serve` runs, with the stack cap raised so a deep profile is queried whole, while
// one session answers evil regexps on 50k–100k-character names, a deep-stack capture is drawn and
// a heap-large session runs a Peek of every line; all along, `/healthz`, `/metrics` and another
// session's Top are asked back to back. The test asserts orderings, not durations: while each heavy query was
// pending, `/healthz` answered again and again (a blocked event loop answers nothing until it
// is free), and every evil pattern gave the right answer. The latencies are reported.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { encodeProfile } from '../src/pprof/index.js';
import type { TopViewModel } from '../src/web/view-models.js';
import { EVIL_PATTERNS, labelledLongNamesProfile, valueOf } from './support/evil-regexps.js';
import { fixturePath } from './support/fixtures.js';
import { deepStackProfile } from './support/hostile-profiles.js';
import { spawnServe, type ServeProcess } from './support/serve-process.js';
import { postJson, viewerPort } from './support/test-processor.js';

/** Frames in the deep profile's one sample: far past Go's 128, queried whole (the cap is raised). */
const DEEP_FRAMES = 400_000;
const REGEXP_PARAMETERS = ['f', 'i', 'h', 's', 'sf', 'prunefrom', 'tf', 'ti', 'q'] as const;

let source: http.Server;
let sourceUrl: string;
let serve: ServeProcess;
const dataRoot = mkdtempSync(path.join(os.tmpdir(), 'go-profiler-freeze-'));

before(async () => {
  const bodies: Record<string, Uint8Array> = {
    long: encodeProfile(labelledLongNamesProfile()),
    deep: deepStackProfile([DEEP_FRAMES]),
    small: readFileSync(fixturePath('heap-small.pb.gz')),
    large: readFileSync(fixturePath('heap-large.pb.gz')),
  };
  source = http.createServer((request, response) => {
    const body = bodies[/^\/(\w+)\//.exec(request.url ?? '')?.[1] ?? ''];
    if (body === undefined) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((resolve) => source.listen(0, '127.0.0.1', resolve));
  sourceUrl = `http://127.0.0.1:${(source.address() as AddressInfo).port}`;
  serve = await spawnServe([
    '--listen',
    '127.0.0.1:0',
    '--data-root',
    dataRoot,
    '--max-stack-depth',
    String(DEEP_FRAMES * 2),
    // The query time limit is not what this test is about: on a busy machine the whole-line Peek
    // of heap-large may take longer than the default 30 s, and must still answer.
    '--query-timeout-seconds',
    '3600',
  ]);
});

after(async () => {
  await serve?.stop();
  source?.close();
  rmSync(dataRoot, { recursive: true, force: true });
});

/** Captures `/<name>/` of the source and answers its viewer's base URL. */
async function capture(name: string): Promise<string> {
  const { status, json } = await postJson(`${serve.url}/processor/goProfiler`, {
    source: `${sourceUrl}/${name}`,
    type: 'Heap',
  });
  assert.equal(status, 200, `${name}: ${JSON.stringify(json)}`);
  return `http://127.0.0.1:${viewerPort(json)}`;
}

interface Timed {
  readonly sentAt: number;
  readonly answeredAt: number;
}

/** GETs `url`, reads the whole answer, and says when it was sent and answered. */
async function timedGet(url: string): Promise<Timed & { status: number; body: Buffer }> {
  const sentAt = performance.now();
  const response = await fetch(url);
  const body = Buffer.from(await response.arrayBuffer());
  return { sentAt, answeredAt: performance.now(), status: response.status, body };
}

/** Asks `url` back to back until `done()`, keeping each answer's times (each must be a 200). */
async function probe(url: string, done: () => boolean): Promise<Timed[]> {
  const answers: Timed[] = [];
  while (!done()) {
    const answer = await timedGet(url);
    assert.equal(answer.status, 200, `${url}: ${answer.body.toString().slice(0, 200)}`);
    answers.push(answer);
  }
  return answers;
}

/** The probe answers sent after `query` was sent and answered before it was. */
const answeredWhilePending = (answers: readonly Timed[], query: Timed) =>
  answers.filter((answer) => answer.sentAt >= query.sentAt && answer.answeredAt <= query.answeredAt).length;

function latencies(answers: readonly Timed[]): string {
  const sorted = answers.map((answer) => answer.answeredAt - answer.sentAt).sort((a, b) => a - b);
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
  return `p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, max ${at(1).toFixed(1)} ms over ${sorted.length}`;
}

/** Every evil pattern through every regexp parameter; `f` checked to the value. */
async function askEvilRegexps(viewer: string): Promise<number> {
  let asked = 0;
  for (const [pattern, matched] of EVIL_PATTERNS) {
    for (const parameter of REGEXP_PARAMETERS) {
      const value = parameter === 'tf' || parameter === 'ti' ? `fn=${pattern}` : pattern;
      const answer = await timedGet(`${viewer}/api/top?${new URLSearchParams({ [parameter]: value })}`);
      assert.equal(answer.status, 200, `${parameter}=${pattern}: ${answer.body.toString().slice(0, 200)}`);
      if (parameter === 'f') {
        const top = JSON.parse(answer.body.toString()) as TopViewModel;
        const flat = top.rows.reduce((sum, row) => sum + row.flat, 0);
        assert.equal(flat, valueOf(matched), `f=${pattern}`);
      }
      asked++;
    }
    const pivot = await timedGet(`${viewer}/api/pivot?${new URLSearchParams({ p: pattern, part: 'callers' })}`);
    assert.equal(pivot.status, 200, `p=${pattern}`);
    asked++;
  }
  return asked;
}

describe('the processor under hostile viewer queries', () => {
  it('keeps answering /healthz and another session while evil regexps, a deep stack and a heavy Peek run', async (t) => {
    const [other, evil, large] = [await capture('small'), await capture('long'), await capture('large')];
    let finished = false;
    const healthz = probe(`${serve.url}/healthz`, () => finished);
    const metrics = probe(`${serve.url}/metrics`, () => finished);
    const otherTop = probe(`${other}/api/top`, () => finished);
    const deep = (async () => {
      const viewer = await capture('deep');
      // Not the warmed default view: its own query, on all 400,000 frames.
      const graph = await timedGet(`${viewer}/api/flamegraph?g=lines`);
      assert.equal(graph.status, 200, graph.body.toString().slice(0, 200));
      return graph;
    })();
    const peek = timedGet(`${large}/api/peek?g=lines&n=0`);
    const evilAsked = askEvilRegexps(evil);
    let heavy: [Timed, Timed & { status: number }, number];
    try {
      heavy = await Promise.all([deep, peek, evilAsked]);
    } finally {
      finished = true;
    }
    const [deepGraph, linePeek, asked] = heavy;
    const [healthzAnswers, metricsAnswers, otherAnswers] = await Promise.all([healthz, metrics, otherTop]);
    t.diagnostic(`/healthz while the heavy queries ran: ${latencies(healthzAnswers)}`);
    t.diagnostic(`/metrics meanwhile: ${latencies(metricsAnswers)}`);
    t.diagnostic(`another session's /api/top meanwhile: ${latencies(otherAnswers)}`);
    t.diagnostic(
      `deep flame graph ${(deepGraph.answeredAt - deepGraph.sentAt).toFixed(0)} ms, ` +
        `heap-large Peek of every line ${(linePeek.answeredAt - linePeek.sentAt).toFixed(0)} ms, ${asked} evil queries`,
    );

    assert.equal(linePeek.status, 200);
    assert.equal(asked, EVIL_PATTERNS.length * (REGEXP_PARAMETERS.length + 1));
    // A blocked event loop answers at most the one /healthz it holds when it frees itself.
    assert.ok(answeredWhilePending(healthzAnswers, deepGraph) >= 3, 'healthz answered during the deep flame graph');
    assert.ok(answeredWhilePending(healthzAnswers, linePeek) >= 3, 'healthz answered during the Peek');
    assert.ok(answeredWhilePending(metricsAnswers, linePeek) >= 3, 'metrics answered during the Peek');
    // Its worker may be busy with the deep graph or the evil patterns' session: it moves to a free one.
    assert.ok(answeredWhilePending(otherAnswers, linePeek) >= 3, 'the other session answered during the Peek');
    assert.equal(await (await fetch(`${serve.url}/healthz`)).text(), 'ok\n');
  });
});
