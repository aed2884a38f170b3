// One viewer session for the viewer benchmark, as the processor runs it after a capture: the
// compiled code (dist/) decodes the profile file and serves its viewer on 127.0.0.1. Prints
// `READY <port> <decode ms>` and serves until SIGTERM.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { decodeProfile } from '../dist/pprof/index.js';
import { startViewerServer } from '../dist/web/viewer-server.js';

const file = process.argv[2];
if (file === undefined) {
  console.error('usage: node bench/viewer-session.mjs PROFILE');
  process.exit(2);
}
const started = performance.now();
const rawBytes = new Uint8Array(readFileSync(file));
const profile = decodeProfile(rawBytes);
const decodeMs = performance.now() - started;
const server = await startViewerServer({
  capture: {
    profile,
    rawBytes,
    file: `profilers/go/pprof/bench/${file.split('/').pop()}`,
    type: 'Heap',
    source: `file://${file}`,
    capturedAt: new Date(),
  },
  host: '127.0.0.1',
});
console.log(`READY ${server.port} ${decodeMs.toFixed(0)}`);
process.on('SIGTERM', () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
