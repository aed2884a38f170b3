// A query pool session as the pool makes one (query-pool.ts `newSession`), for the tests of a
// slot's parts that need no worker: it has no raw bytes and is never decoded.

import type { PoolSession } from '../../src/web/query-pool-session.js';

export function poolSessionFor(id: number, fields: Partial<PoolSession> = {}): PoolSession {
  return {
    id,
    rawBytes: new Uint8Array(0),
    decodeOptions: {},
    decodedBytes: 0,
    decoded: false,
    crashesWhileDecoding: 0,
    served: undefined,
    timedOut: new Set(),
    brokenBy: undefined,
    dropped: false,
    firstPaintCalls: 0,
    kept: new Map(),
    lastUsed: 0,
    ...fields,
  };
}
