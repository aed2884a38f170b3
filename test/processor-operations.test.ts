// The processor as operators see it: GET /metrics after real captures from the Go target (counters,
// histogram, gauges, viewer requests by route), and its JSON log lines (level word, ISO time, probes
// at debug, capture lines naming the diagnosis, pod and type).

import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { PROFILE_TYPES } from '../src/fetch/index.js';
import { createProcessorLogger } from '../src/processor/index.js';
import { startGoTarget, type GoTarget } from './support/go-target.js';
import { ManualClock } from './support/manual-clock.js';
import { startProfileServer, type ProfileServer } from './support/profile-server.js';
import { sendRequest, startTestProcessor, viewerPort, type TestProcessor } from './support/test-processor.js';
import { waitFor } from './support/wait-for.js';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const PROBES = ['/healthz', '/readyz', '/metrics'];

let target: GoTarget;
let notAProfile: ProfileServer;
let clock: ManualClock;
let processor: TestProcessor;
const lines: string[] = [];
const logger = createProcessorLogger(
  'debug',
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  }),
);

before(async () => {
  [target, notAProfile] = await Promise.all([
    startGoTarget(['-stacks', '4', '-cpu', '0']),
    startProfileServer(Buffer.from('not a profile')),
  ]);
  clock = new ManualClock();
  processor = await startTestProcessor({ clock, logger });
});

after(async () => {
  await processor?.close();
  await Promise.all([target?.stop(), notAProfile?.close()]);
});

/** `name{labels}` → value, for every sample of the exposition. */
async function scrape(url: string): Promise<Map<string, number>> {
  const response = await fetch(`${url}/metrics`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
}

/** The samples whose name starts with `prefix`. */
function only(samples: Map<string, number>, prefix: string): Record<string, number> {
  return Object.fromEntries([...samples].filter(([key]) => key.startsWith(prefix)));
}

/** Bytes of every file under the captures folder, as `du -b` would add them. */
function captureFolderBytes(dataRoot: string): number {
  let bytes = 0;
  const root = path.join(dataRoot, 'profilers/go/pprof');
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) bytes += statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return bytes;
}

/** go_profiler_captures_total of every type and result, as `counts` say (0 where they say nothing). */
function captureCounts(counts: Record<string, number> = {}): Record<string, number> {
  const series: Record<string, number> = {};
  for (const type of [...PROFILE_TYPES, 'Bundle']) {
    for (const result of ['success', 'failure']) {
      series[`go_profiler_captures_total{type="${type}",result="${result}"}`] = counts[`${type} ${result}`] ?? 0;
    }
  }
  return series;
}

function parsedLines(): Record<string, unknown>[] {
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('GET /metrics', () => {
  let port: number;

  it('starts with no captures, no sessions and an empty data root', async () => {
    const samples = await scrape(processor.url);
    assert.deepEqual(only(samples, 'go_profiler_captures_total'), captureCounts());
    assert.equal(samples.get('go_profiler_capture_duration_seconds_count{type="Heap"}'), 0);
    assert.equal(samples.get('go_profiler_sessions'), 0);
    assert.equal(samples.get('go_profiler_session_bytes'), 0);
    assert.equal(samples.get('go_profiler_data_root_bytes'), 0);
  });

  it('counts a success and a failure by type and result, with the histogram of both', async () => {
    const success = await processor.post({
      source: target.url,
      type: 'heap',
      expirationSeconds: 60,
      'diagnosis.namespace': 'kubediag',
      'diagnosis.name': 'slow-checkout',
      'pod.namespace': 'shop',
      'pod.name': 'checkout-0',
    });
    assert.equal(success.status, 200, JSON.stringify(success.json));
    port = viewerPort(success.json);
    const failure = await processor.post({ source: notAProfile.url, type: 'Heap', expirationSeconds: 60 });
    assert.equal(failure.status, 500, JSON.stringify(failure.json));

    const samples = await scrape(processor.url);
    assert.deepEqual(
      only(samples, 'go_profiler_captures_total'),
      captureCounts({ 'Heap success': 1, 'Heap failure': 1 }),
    );
    assert.equal(samples.get('go_profiler_capture_duration_seconds_count{type="Heap"}'), 2);
    assert.equal(samples.get('go_profiler_capture_duration_seconds_bucket{le="+Inf",type="Heap"}'), 2);
    assert.equal(samples.get('go_profiler_capture_duration_seconds_bucket{le="615",type="Heap"}'), 2);
  });

  it('shows the live session and the decoded bytes it holds, and the stored bytes', async () => {
    const [session] = processor.processor.sessions.list();
    assert.ok(session !== undefined && session.bytes > 1000, 'the session holds its decoded profile');
    const samples = await scrape(processor.url);
    assert.equal(samples.get('go_profiler_sessions'), 1);
    assert.equal(samples.get('go_profiler_session_bytes'), session.bytes);
    // The capture's offline report is written after its answer; the data root is measured again then.
    await waitFor(() => lines.some((line) => line.includes('"offline report written"')), 'the offline report');
    const stored = captureFolderBytes(processor.dataRoot);
    // Measured in the background once the capture is answered: scrapes never walk the tree.
    await waitFor(
      async () => (await scrape(processor.url)).get('go_profiler_data_root_bytes') === stored,
      `go_profiler_data_root_bytes to reach ${stored}`,
    );
  });

  it('counts viewer requests by route pattern and code; a hostile URL adds no series', async () => {
    const viewer = `http://127.0.0.1:${port}`;
    assert.equal((await fetch(`${viewer}/api/profile`)).status, 200);
    assert.equal((await fetch(`${viewer}/download`)).status, 200);
    assert.equal((await fetch(`${viewer}/api/top?f=(`)).status, 400);
    // The namespace's saved configs are unreadable: a 500 the viewer logs with its error.
    mkdirSync(path.join(processor.dataRoot, 'go-profiler/configs'), { recursive: true });
    writeFileSync(path.join(processor.dataRoot, 'go-profiler/configs/shop.json'), '{');
    assert.equal((await fetch(`${viewer}/api/configs`)).status, 500);
    const before = only(await scrape(processor.url), 'go_profiler_viewer_requests_total');
    assert.deepEqual(before, {
      'go_profiler_viewer_requests_total{route="/api/profile",code="200"}': 1,
      'go_profiler_viewer_requests_total{route="/download",code="200"}': 1,
      'go_profiler_viewer_requests_total{route="/api/top",code="400"}': 1,
      'go_profiler_viewer_requests_total{route="/api/configs",code="500"}': 1,
    });
    const hostile = [
      '/%2e%2e/%2e%2e/etc/passwd',
      `/api/${'x'.repeat(2000)}?token=${'f'.repeat(32)}`,
      '/ui/"}\\n# EOF\\ngo_profiler_sessions 99',
      '/download/../../secrets?route="/x"',
    ];
    for (const url of hostile) {
      const answer = await sendRequest(viewer, { method: 'GET', path: encodeURI(url) });
      assert.equal(answer.status, 404, url);
    }
    const afterHostile = only(await scrape(processor.url), 'go_profiler_viewer_requests_total');
    assert.deepEqual(afterHostile, {
      ...before,
      'go_profiler_viewer_requests_total{route="unmatched",code="404"}': hostile.length,
    });
  });

  it('drops the session and its bytes at expiry (the injected clock)', async () => {
    clock.advance(60_000);
    const samples = await scrape(processor.url);
    assert.equal(samples.get('go_profiler_sessions'), 0);
    assert.equal(samples.get('go_profiler_session_bytes'), 0);
    // The capture stays stored: the data root's bytes do not move.
    assert.equal(samples.get('go_profiler_data_root_bytes'), captureFolderBytes(processor.dataRoot));
  });

  it("serves Node's process metrics, and each processor counts apart", async () => {
    const samples = await scrape(processor.url);
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_seconds',
    ]) {
      assert.equal(typeof samples.get(name), 'number', name);
    }
    const other = await startTestProcessor();
    try {
      const otherSamples = await scrape(other.url);
      assert.deepEqual(only(otherSamples, 'go_profiler_captures_total'), captureCounts());
      assert.equal(typeof otherSamples.get('process_resident_memory_bytes'), 'number');
    } finally {
      await other.close();
    }
  });
});

describe('log lines', () => {
  it('are JSON with the level as a word and the time in ISO 8601', () => {
    const parsed = parsedLines();
    assert.ok(parsed.length >= 10, `${parsed.length} lines`);
    for (const line of parsed) {
      assert.ok(['debug', 'info', 'warn', 'error'].includes(String(line.level)), JSON.stringify(line));
      assert.match(String(line.time), ISO_TIME);
      assert.equal(line.name, 'go-profiler');
    }
  });

  it("name a capture's diagnosis, pod and type on each of its lines, its failure too", () => {
    const parsed = parsedLines();
    const byMessage = (msg: string) => parsed.filter((line) => line.msg === msg);
    const [capturing, failing] = byMessage('capturing profile');
    assert.deepEqual(
      [capturing?.diagnosis, capturing?.pod, capturing?.type, capturing?.level],
      ['kubediag/slow-checkout', 'shop/checkout-0', 'Heap', 'info'],
    );
    const [opened] = byMessage('viewer opened');
    assert.deepEqual(
      [opened?.diagnosis, opened?.pod, opened?.type],
      ['kubediag/slow-checkout', 'shop/checkout-0', 'Heap'],
    );
    // No pod named: the diagnosis is the executor's default, and no pod key at all.
    assert.deepEqual([failing?.diagnosis, 'pod' in (failing ?? {}), failing?.type], ['default/unknown', false, 'Heap']);
    const [failed] = byMessage('request failed');
    assert.deepEqual(
      [failed?.diagnosis, failed?.type, failed?.status, failed?.level],
      ['default/unknown', 'Heap', 500, 'warn'],
    );
  });

  it("log a viewer's failure with its error, its refusal at debug, by route, never by URL", () => {
    const [refused] = parsedLines().filter((line) => line.msg === 'viewer request refused');
    assert.deepEqual([refused?.level, refused?.route, refused?.status], ['debug', '/api/top', 400]);
    const [failed] = parsedLines().filter((line) => line.msg === 'viewer request failed');
    assert.deepEqual([failed?.level, failed?.route, failed?.status], ['error', '/api/configs', 500]);
    const err = failed?.err as { type?: string; message?: string } | undefined;
    assert.equal(err?.type, 'SettingsFileError');
    assert.match(String(err?.message), /shop\.json/);
    assert.equal(
      lines.some((line) => line.includes('f'.repeat(32))),
      false,
      'no URL of a viewer request is logged',
    );
  });

  it('keep probes at debug: at info they are not logged at all', async () => {
    const firstLine = lines.length;
    for (const probe of PROBES) assert.equal((await fetch(`${processor.url}${probe}`)).status, 200, probe);
    const atDebug = parsedLines()
      .slice(firstLine)
      .filter((line) => PROBES.some((probe) => JSON.stringify(line.req ?? '').includes(probe)));
    assert.equal(atDebug.length, PROBES.length, JSON.stringify(atDebug));
    assert.deepEqual(new Set(atDebug.map((line) => line.level)), new Set(['debug']));
    // The request lines of other routes stay at info.
    assert.equal((await fetch(`${processor.url}/nowhere`)).status, 404);
    const [nowhere] = parsedLines().filter((line) => JSON.stringify(line.req ?? '').includes('/nowhere'));
    assert.equal(nowhere?.level, 'info');

    logger.level = 'info';
    try {
      const linesBefore = lines.length;
      for (const probe of PROBES) assert.equal((await fetch(`${processor.url}${probe}`)).status, 200, probe);
      assert.equal((await fetch(`${processor.url}/nowhere`)).status, 404);
      const logged = lines.slice(linesBefore).map((line) => JSON.parse(line) as Record<string, unknown>);
      assert.deepEqual(
        logged.map((line) => [line.msg, (line.req as { url?: string } | undefined)?.url]),
        [
          ['incoming request', '/nowhere'],
          ['request completed', undefined],
        ],
      );
    } finally {
      logger.level = 'debug';
    }
  });
});
