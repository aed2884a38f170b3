// Writes the synthetic profiles under testdata/profiles/ that real Go programs do not produce but
// pprof reads: numeric labels with units, drop_frames/keep_frames, frames without symbols, inlined
// frames and recursion. Deterministic; run `node --import tsx scripts/make-test-profiles.ts`.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeProfile, ProfileBuilder } from '../src/pprof/index.js';

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../testdata/profiles');

function labelled(): Uint8Array {
  const b = new ProfileBuilder({
    sampleTypes: [
      { type: 'alloc_objects', unit: 'count' },
      { type: 'alloc_space', unit: 'bytes' },
    ],
    periodType: { type: 'space', unit: 'bytes' },
    period: 524288,
    timeNanos: 1_795_000_000_000_000_000n,
    comments: ['synthetic: numeric labels', '# a comment pprof hides'],
  });
  const binary = b.addMapping({
    memoryStart: 0x400000n,
    memoryLimit: 0x800000n,
    fileOffset: 0n,
    filename: '/opt/synthetic',
    buildId: 'abc123',
    hasFunctions: true,
    hasFilenames: true,
    hasLineNumbers: true,
    hasInlineFrames: true,
  });
  const fn = (name: string, file: string) => b.addFunction(name, file, 10);
  const main = fn('main.main', '/src/app/main.go');
  const serve = fn('main.serve', '/src/app/serve.go');
  const handle = fn('main.(*server).handle', '/src/app/serve.go');
  const decode = fn('encoding/json.(*decodeState).object', '/usr/lib/go/src/encoding/json/decode.go');
  const grow = fn('bytes.(*Buffer).grow', '/usr/lib/go/src/bytes/buffer.go');
  const recurse = fn('main.walk', '/src/app/walk.go');
  const loc = (lines: [number, number][], address: bigint) =>
    b.addLocation(
      lines.map(([f, line]) => ({ function: f, line })),
      address,
      binary,
    );
  const lMain = loc([[main, 12]], 0x401000n);
  const lServe = loc([[serve, 30]], 0x402000n);
  // handle inlined into serve at the same address.
  const lHandleInServe = loc(
    [
      [handle, 44],
      [serve, 31],
    ],
    0x402100n,
  );
  const lDecode = loc([[decode, 700]], 0x403000n);
  const lGrow = loc([[grow, 118]], 0x404000n);
  const lWalk1 = loc([[recurse, 5]], 0x405000n);
  const lWalk2 = loc([[recurse, 9]], 0x405010n);
  const lUnknown = b.addLocation([], 0x4ff000n, binary);
  const bytes = (n: number) => ({ key: 'bytes', number: n, unit: 'bytes' });
  b.addSample([lGrow, lDecode, lHandleInServe, lMain], [4, 4096], [bytes(1024), { key: 'kind', value: 'json' }]);
  b.addSample([lGrow, lHandleInServe, lMain], [2, 65536], [bytes(32768), { key: 'kind', value: 'raw' }]);
  b.addSample([lDecode, lServe, lMain], [10, 640], [bytes(64), { key: 'kind', value: 'json' }]);
  b.addSample([lWalk2, lWalk1, lWalk2, lWalk1, lMain], [3, 3 * 2048], [bytes(2048), { key: 'request', number: 7 }]);
  b.addSample([lUnknown, lServe, lMain], [1, 1 << 20], [bytes(1 << 20)]);
  b.addSample(
    [lServe, lMain],
    [5, 5 * 512],
    [
      { key: 'kind', value: 'raw' },
      { key: 'kind', value: 'json' },
    ],
  );
  return encodeProfile(b.build());
}

function dropFrames(): Uint8Array {
  const b = new ProfileBuilder({
    sampleTypes: [
      { type: 'samples', unit: 'count' },
      { type: 'cpu', unit: 'nanoseconds' },
    ],
    periodType: { type: 'cpu', unit: 'nanoseconds' },
    period: 10_000_000,
    durationNanos: 2_000_000_000,
    timeNanos: 1_795_000_000_000_000_000n,
    dropFrames: 'runtime\\.mallocgc|runtime\\.newobject',
    keepFrames: 'runtime\\.newobject',
  });
  const names = ['main.main', 'main.work', 'runtime.newobject', 'runtime.mallocgc', 'runtime.memclr', 'main.(*T).run'];
  const locations = names.map((name, i) =>
    b.addLocation([{ function: b.addFunction(name, `/src/${i}.go`), line: i + 1 }]),
  );
  const [lMain, lWork, lNew, lMalloc, lClr, lRun] = locations as [number, number, number, number, number, number];
  b.addSample([lClr, lMalloc, lNew, lWork, lMain], [5, 50_000_000]);
  b.addSample([lClr, lMalloc, lWork, lMain], [7, 70_000_000]);
  b.addSample([lMalloc, lMain], [2, 20_000_000]);
  b.addSample([lRun, lWork, lMain], [11, 110_000_000]);
  b.addSample([lMalloc], [1, 10_000_000]);
  return encodeProfile(b.build());
}

writeFileSync(path.join(OUT, 'labels-synthetic.pb.gz'), labelled());
writeFileSync(path.join(OUT, 'dropframes-synthetic.pb.gz'), dropFrames());
