// A viewer capture made of one of ../shared/fixtures, as the processor would hand it to a viewer,
// for route tests that build the app without a port; and the parts the query pool's tests give it.

import { readFileSync } from 'node:fs';
import type { PoolCaptureFacts } from '../../src/web/query-pool-messages.js';
import type { QueryPool } from '../../src/web/query-pool.js';
import { buildViewerApp, type DecodedCapture } from '../../src/web/viewer-server.js';
import { fixturePath, loadFixture } from './fixtures.js';

export function fixtureCapture(fixture: string, type: string): DecodedCapture {
  return {
    profile: loadFixture(fixture),
    rawBytes: fixtureRawBytes(fixture),
    ...poolCaptureFacts(type, type),
  };
}

/** The fixture's bytes as a capture keeps them (gzipped proto). */
export function fixtureRawBytes(fixture: string): Uint8Array {
  return new Uint8Array(readFileSync(fixturePath(fixture)));
}

/** What the pool learns of a capture once stored: its file is named after `name`. */
export function poolCaptureFacts(name: string, type = 'Heap'): PoolCaptureFacts {
  return {
    file: `profilers/go/pprof/20261125065500/default.demo.${name}.prof`,
    type,
    source: 'http://127.0.0.1:6060',
    capturedAt: new Date('2026-11-25T06:55:00Z'),
  };
}

/** A viewer (no port) of the fixture decoded and served in `pool`, as the processor opens one. */
export async function pooledApp(pool: QueryPool, fixture: string) {
  const opened = await pool.open(fixtureRawBytes(fixture));
  const facts = poolCaptureFacts(fixture);
  return buildViewerApp({ ...facts, rawBytes: fixtureRawBytes(fixture), service: opened.serve(facts) });
}
