// Preflight advice (issue 10 item 3) against real Go programs with the settings that cause it: the
// processor's `result.advice` and sidecar `advice` for block and mutex profiling off, MemProfileRate
// 0, a goroutine pile-up and a CPU profile stopped early; its refusals for a WriteTimeout Go knows
// of (400, with the seconds that fit, asked of Go; by URL and through the pod proxy) and one it does
// not (the answer cut: 500, saying so). The 409 for a CPU profile already running:
// processor-http.test.ts.

import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { errorAnswerOf } from '../src/errors/index.js';
import { fetchPodProfile } from '../src/fetch/index.js';
import { decodeProfile } from '../src/pprof/index.js';
import { BLOCK_PROFILE_OFF, MUTEX_PROFILE_OFF } from '../src/query/index.js';
import { startAdviceTarget } from './support/advice-target.js';
import { makeCertificates } from './support/certificates.js';
import { startKubeApiServer } from './support/kube-api-server.js';
import { startGoTarget, type GoTarget } from './support/go-target.js';
import { startTestProcessor, viewerPort, type TestProcessor } from './support/test-processor.js';
import { waitFor } from './support/wait-for.js';

const RESULT = 'diagnoser.runtime.go_profiler.result.';
const SECONDS_KEY = 'param.diagnoser.runtime.go_profiler.seconds';

let processor: TestProcessor;
const targets: GoTarget[] = [];

before(async () => {
  processor = await startTestProcessor();
});

after(async () => {
  await processor?.close();
  await Promise.all(targets.map((target) => target.stop()));
});

async function goTarget(args: readonly string[]): Promise<GoTarget> {
  const target = await startGoTarget(args);
  targets.push(target);
  return target;
}

async function adviceTarget(args: readonly string[]): Promise<GoTarget> {
  const target = await startAdviceTarget(args);
  targets.push(target);
  return target;
}

/** A capture that must succeed: its answer and its sidecar. */
async function capture(body: Record<string, unknown>) {
  const { status, json } = await processor.post({ expirationSeconds: 60, ...body });
  assert.equal(status, 200, JSON.stringify(json));
  const file = json[`${RESULT}file`] as string;
  const sidecar = JSON.parse(readFileSync(path.join(processor.dataRoot, file.replace(/\.prof$/, '.json')), 'utf8'));
  return { json, sidecar: sidecar as { advice?: string[] }, file: path.join(processor.dataRoot, file) };
}

function assertAdvice(answer: Awaited<ReturnType<typeof capture>>, advice: string[]): void {
  assert.equal(answer.json[`${RESULT}advice`], advice.length === 0 ? undefined : advice.join(' '));
  assert.deepEqual(answer.sidecar.advice, advice.length === 0 ? undefined : advice);
}

describe('preflight advice', () => {
  it('says block and mutex profiling are off when their profiles are empty', async () => {
    const off = await goTarget(['-stacks', '4', '-cpu', '0', '-blockrate', '0', '-mutexfraction', '0']);
    assertAdvice(await capture({ source: off.url, type: 'block' }), [BLOCK_PROFILE_OFF]);
    assertAdvice(await capture({ source: off.url, type: 'Mutex' }), [MUTEX_PROFILE_OFF]);
    assert.equal(
      BLOCK_PROFILE_OFF,
      'The block profile is empty: block profiling is off in the target (or nothing blocked), so call runtime.SetBlockProfileRate(1) at its start (1 records every blocking event; a larger rate, in nanoseconds, samples fewer) and capture again.',
    );
    assert.equal(
      MUTEX_PROFILE_OFF,
      'The mutex profile is empty: mutex profiling is off in the target (or no lock was contended), so call runtime.SetMutexProfileFraction(5) at its start (it then records one contention event in 5; 1 records all) and capture again.',
    );
  });

  it('gives none when the profiles hold what they should', async () => {
    const on = await goTarget(['-stacks', '4', '-cpu', '0', '-contention', '2']);
    // Contention is recorded as it happens: wait until the target's workers have contended.
    await waitFor(async () => {
      const text = await (await fetch(`${on.url}/debug/pprof/mutex?debug=1`)).text();
      return /^\d+ \d+ @/m.test(text);
    }, 'a contended mutex');
    for (const type of ['Block', 'Mutex', 'Heap', 'Allocs', 'Goroutine']) {
      assertAdvice(await capture({ source: on.url, type }), []);
    }
  });

  it('says MemProfileRate is 0 when a heap or allocs profile has no period', async () => {
    const target = await adviceTarget(['-memprofilerate', '0']);
    const sentence = (name: string) =>
      `The ${name} profile is not recording allocations because the target sets runtime.MemProfileRate to 0, so leave it at Go's default (512 KiB) or set it above 0 at the start of main, and capture again.`;
    assertAdvice(await capture({ source: target.url, type: 'heap' }), [sentence('heap')]);
    assertAdvice(await capture({ source: target.url, type: 'allocs' }), [sentence('allocs')]);
  });

  it('says a goroutine leak is likely above 10,000 goroutines, linking to the analyser', async () => {
    const target = await goTarget(['-goroutines', '12000', '-stacks', '1', '-cpu', '0']);
    const answer = await capture({ source: target.url, type: 'goroutine' });
    const total = answer.json[`${RESULT}total.goroutine`] as string;
    const count = Number(/^(\d+) count$/.exec(total)?.[1]);
    assert.ok(count >= 12000, total);
    assertAdvice(answer, [
      `The target runs ${count} goroutines, more than 10000: a goroutine leak is likely, so open the goroutine analyser (/goroutines) to see which stack they pile up on.`,
    ]);
    // The link leads somewhere: the capture's debug=2 dump was stored beside it, and the viewer's
    // analyser ranks the pile-up first.
    const viewer = `http://127.0.0.1:${viewerPort(answer.json)}`;
    const analysed = (await (await fetch(`${viewer}/api/goroutines`)).json()) as {
      groups: { count: number; state: string; frames: { function: string }[] }[];
    };
    const first = analysed.groups[0]!;
    assert.ok(first.count >= 12000, String(first.count));
    assert.equal(first.state, 'chan receive');
    assert.ok(
      first.frames.some((frame) => frame.function === 'main.waitOnChannel'),
      first.frames.map((frame) => frame.function).join(' < '),
    );
  });

  it('says which seconds fit when something in the target stopped the CPU profile early', async () => {
    const target = await adviceTarget(['-request-timeout', '2s']);
    const answer = await capture({ source: target.url, type: 'profile', seconds: 10 });
    const { durationNanos } = decodeProfile(readFileSync(answer.file));
    // Go stopped when the request's context ended: 2 s and the time to write, not the 10 asked for.
    assert.ok(durationNanos >= 2e9, String(durationNanos));
    const fit = Math.max(1, Math.floor(durationNanos / 1e9 - 0.5));
    assertAdvice(answer, [
      `The CPU profile covers ${(durationNanos / 1e9).toFixed(1)} s of the 10 s asked for: a limit in the target (a request timeout, or its http.Server's WriteTimeout) stopped it early, so ask for seconds=${fit} or fewer, or raise that limit.`,
    ]);
  });
});

describe('a CPU profile the target refuses', () => {
  it("answers 400 naming the seconds that fit when Go refuses them for the server's WriteTimeout", async () => {
    const target = await adviceTarget(['-write-timeout', '5s']);
    const refused = await processor.post({ source: target.url, type: 'Profile', seconds: 30, expirationSeconds: 60 });
    assert.equal(refused.status, 400, JSON.stringify(refused.json));
    assert.deepEqual(refused.json, {
      error: `fetch ${target.url}/debug/pprof/profile?seconds=30: the target's http.Server WriteTimeout is not longer than the 30 s asked for (Go answered "profile duration exceeds server's WriteTimeout"), so ask for seconds=4 or fewer, or raise its WriteTimeout`,
      key: SECONDS_KEY,
    });
    // The seconds it named fit.
    assertAdvice(await capture({ source: target.url, type: 'Profile', seconds: 1 }), []);
  });

  it('says no CPU profile fits when the WriteTimeout is 1 s or less', async () => {
    const target = await adviceTarget(['-write-timeout', '1s']);
    const refused = await processor.post({ source: target.url, type: 'Profile', seconds: 7, expirationSeconds: 60 });
    assert.equal(refused.status, 400, JSON.stringify(refused.json));
    assert.deepEqual(refused.json, {
      error: `fetch ${target.url}/debug/pprof/profile?seconds=7: the target's http.Server WriteTimeout is not longer than the 7 s asked for (Go answered "profile duration exceeds server's WriteTimeout") and no CPU profile fits in it (1 s does not), so raise its WriteTimeout`,
      key: SECONDS_KEY,
    });
  });

  it('answers 500 saying a write timeout likely cut the answer when Go could not know of it', async () => {
    const target = await adviceTarget(['-write-timeout', '1s', '-hide-write-timeout']);
    const cut = await processor.post({ source: target.url, type: 'Profile', seconds: 2, expirationSeconds: 60 });
    assert.equal(cut.status, 500, JSON.stringify(cut.json));
    assert.deepEqual(cut.json, {
      error: `fetch ${target.url}/debug/pprof/profile?seconds=2: connection reset by the target (ECONNRESET) once the 2 s CPU profile had run: a write timeout shorter than 2 s (the target's http.Server WriteTimeout, or a proxy's) likely cut its answer, so ask for fewer seconds or raise that timeout`,
    });
  });

  it('finds the seconds that fit through the pod proxy too', async () => {
    const target = await adviceTarget(['-write-timeout', '3s']);
    const certs = await makeCertificates();
    const kube = await startKubeApiServer(certs);
    try {
      kube.pods.set('shop/web-0', { serve: { 6060: target.url } });
      const request = { type: 'Profile', seconds: 20 } as const;
      const pod = { namespace: 'shop', name: 'web-0', port: '6060' };
      const error = await fetchPodProfile({ kubeconfigPath: kube.kubeconfigPath }, pod, request).then(
        () => assert.fail('the capture succeeded'),
        (thrown: unknown) => thrown as Error,
      );
      assert.equal(error.name, 'WriteTimeoutExceededError');
      assert.equal(
        error.message,
        `fetch ${kube.url}/api/v1/namespaces/shop/pods/web-0:6060/proxy/debug/pprof/profile?seconds=20: the target's http.Server WriteTimeout is not longer than the 20 s asked for (Go answered "profile duration exceeds server's WriteTimeout"), so ask for seconds=2 or fewer, or raise its WriteTimeout`,
      );
      assert.equal(errorAnswerOf(error)?.status, 400);
    } finally {
      await kube.close();
      rmSync(certs.dir, { recursive: true, force: true });
    }
  });
});
