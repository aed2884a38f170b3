// The worker thread that reads one goroutine dump (Go's `debug=2` text, up to 64 MB) and parses and
// groups it, off the viewer's main thread: a 60 MB dump takes most of a second to parse, and every
// session of the processor shares that thread. Started once per dump by goroutine-dump-reader.ts;
// it answers once and ends.

import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { encodeProfile } from '../pprof/index.js';
import { goroutineDumpProfile, groupGoroutines, parseGoroutineDump } from '../query/index.js';
import type { DumpReadReply, DumpReadRequest } from './goroutine-dump-messages.js';
import { serializeError } from './worker-errors.js';

const port = parentPort;
if (port === null) throw new Error('start goroutine dump worker: not running in a worker thread');
const { dumpPath, name, profile } = workerData as DumpReadRequest;

let reply: DumpReadReply;
try {
  const text = await readFile(dumpPath, 'utf8');
  port.postMessage({ parsing: true } satisfies DumpReadReply);
  const dump = parseGoroutineDump(text, name);
  reply = {
    dump: { groups: groupGoroutines(dump), truncated: dump.truncated },
    // `go-profiler view DUMP` shows the dump as a goroutine profile too: built here, from the same
    // parse; copied out of gzip's buffer, so only its own bytes cross to the caller.
    ...(profile === true ? { profile: encodeProfile(goroutineDumpProfile(dump)).slice() } : {}),
  };
} catch (error) {
  reply = { error: serializeError(error) };
}
port.postMessage(reply);
