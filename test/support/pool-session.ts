// A query pool session as the pool makes one (query-pool-session.ts `newPoolSession`), for the
// tests of a slot's parts that need no worker: it has no raw bytes and is never decoded.

import { newPoolSession, type PoolSession } from '../../src/web/query-pool-session.js';

export function poolSessionFor(id: number, fields: Partial<PoolSession> = {}): PoolSession {
  const session = newPoolSession({
    id,
    rawBytes: new Uint8Array(0),
    decodeOptions: {},
    decodedBytes: 0,
    firstPaintCalls: 0,
  });
  return Object.assign(session, fields);
}
