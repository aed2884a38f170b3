import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { Profile as OracleProfile } from 'pprof-format';
import { fixturePath, listProfileFixtures } from '../../test/support/fixtures.js';
import { decodeProfile, defaultSampleTypeIndex, ProfileDecodeError, ProfileTooLargeError } from './index.js';
import { WireWriter } from './wire-writer.js';

// The oracle (pprof-format) is slow and misreads negative int64, so compare on the fixtures that
// are not large; the large ones are covered by the golden tests of the query layer.
const oracleFixtures = listProfileFixtures().filter((name) => !name.includes('-large'));

describe('decodeProfile agrees with pprof-format on every fixture', () => {
  for (const name of oracleFixtures) {
    it(name, () => {
      const bytes = readFileSync(fixturePath(name));
      const ours = decodeProfile(bytes);
      const oracle = OracleProfile.decode(gunzipSync(bytes));
      const str = (index: number | bigint) => oracle.stringTable.strings[Number(index)] ?? '';
      assert.deepEqual(
        ours.sampleTypes,
        oracle.sampleType.map((t) => ({ type: str(t.type), unit: str(t.unit) })),
      );
      assert.equal(ours.samples.count, oracle.sample.length);
      assert.equal(ours.locations.count, oracle.location.length);
      assert.equal(ours.functions.count, oracle.function.length);
      assert.equal(ours.durationNanos, Number(oracle.durationNanos));
      assert.equal(ours.timeNanos, BigInt(oracle.timeNanos));
      const width = ours.sampleTypes.length;
      oracle.sample.forEach((sample, i) => {
        const values = Array.from(ours.samples.values.subarray(i * width, (i + 1) * width));
        assert.deepEqual(values, sample.value.map(Number), `values of sample ${i}`);
        const stack = Array.from(
          ours.samples.stackLocations.subarray(ours.samples.stackStart[i], ours.samples.stackStart[i + 1]),
          (index) => ours.locations.id[index],
        );
        assert.deepEqual(stack, sample.locationId.map(BigInt), `stack of sample ${i}`);
      });
      oracle.function.forEach((fn, i) => {
        assert.equal(ours.strings[ours.functions.name[i]!], str(fn.name));
        assert.equal(ours.strings[ours.functions.filename[i]!], str(fn.filename));
      });
      oracle.location.forEach((location, i) => {
        assert.equal(ours.locations.address[i], BigInt(location.address));
        const lines = ours.locations.lineStart[i + 1]! - ours.locations.lineStart[i]!;
        assert.equal(lines, location.line.length, `lines of location ${location.id}`);
      });
    });
  }
});

describe('decodeProfile model details', () => {
  it('shows inuse_space for heap (no default) and alloc_space for allocs (default set)', () => {
    const heap = decodeProfile(readFileSync(fixturePath('heap-small.pb.gz')));
    const allocs = decodeProfile(readFileSync(fixturePath('allocs-small.pb.gz')));
    assert.equal(heap.sampleTypes[defaultSampleTypeIndex(heap)]?.type, 'inuse_space');
    assert.equal(allocs.sampleTypes[defaultSampleTypeIndex(allocs)]?.type, 'alloc_space');
  });

  it('reads an uncompressed profile the same as its gzip form', () => {
    const gz = readFileSync(fixturePath('cpu-small.pb.gz'));
    const plain = decodeProfile(gunzipSync(gz));
    const zipped = decodeProfile(gz);
    assert.deepEqual(plain.samples.values, zipped.samples.values);
    assert.equal(plain.periodType.type, 'cpu');
    assert.equal(plain.period, 10000000);
  });
});

describe('decodeProfile reads the legacy formats pprof reads', () => {
  it('a goroutine text dump (debug=1), as go tool pprof counts it', () => {
    const profile = decodeProfile(readFileSync(fixturePath('goroutine-small.debug1.txt')));
    assert.deepEqual(profile.sampleTypes, [{ type: 'goroutine', unit: 'count' }]);
    // pprof -top: "Showing nodes accounting for 35, 100% of 35 total".
    assert.equal(
      profile.samples.values.reduce((sum, v) => sum + v, 0),
      35,
    );
  });
});

describe('decodeProfile rejects what is not a profile, naming why', () => {
  const rejects = (bytes: Uint8Array, pattern: RegExp, type: new (...args: never[]) => Error = ProfileDecodeError) =>
    assert.throws(
      () => decodeProfile(bytes),
      (error: Error) => {
        assert.ok(error instanceof type, `expected ${type.name}, got ${error.name}: ${error.message}`);
        assert.match(error.message, pattern);
        return true;
      },
    );

  it('an empty body', () => rejects(new Uint8Array(0), /empty input/));
  it('an HTML error page', () =>
    rejects(Buffer.from('<!DOCTYPE html>\n<html><body>502 Bad Gateway</body></html>'), /HTML page.*DOCTYPE/));
  it('text that is no legacy format pprof reads', () =>
    rejects(Buffer.from('hello\nworld\n'), /not a profile.proto: the data is text/));
  it('a legacy format that is malformed, naming the line', () =>
    rejects(
      Buffer.from('goroutine profile: total 1\n1 @ zz\n'),
      /^decode profile: malformed goroutine profile line "1 @ zz"$/,
    ));
  it('truncated gzip', () => {
    const gz = readFileSync(fixturePath('heap-small.pb.gz'));
    rejects(gz.subarray(0, gz.length / 2), /truncated gzip/);
  });
  it('truncated proto', () => {
    const proto = gunzipSync(readFileSync(fixturePath('heap-small.pb.gz')));
    rejects(proto.subarray(0, proto.length - 7), /decode profile: .*(truncated|past the end|not defined|references)/);
  });
  it('a gzip bomb beyond the decompressed limit', () => {
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024));
    assert.throws(() => decodeProfile(bomb, { maxDecompressedBytes: 1024 * 1024 }), ProfileTooLargeError);
  });
});

describe('decodeProfile rejects malformed references, naming them', () => {
  // Builds a tiny profile.proto by hand so each case breaks exactly one rule.
  function proto(build: (out: WireWriter) => void): Uint8Array {
    const out = new WireWriter();
    build(out);
    return out.finish();
  }
  const strings = (out: WireWriter, ...texts: string[]) => {
    for (const text of ['', ...texts]) out.bytesField(6, new TextEncoder().encode(text));
  };
  const sampleType = (out: WireWriter) =>
    out.messageField(1, () => {
      out.uintField(1, 1);
      out.uintField(2, 2);
    });
  const sample = (out: WireWriter, locationIds: number[], values: number[]) =>
    out.messageField(2, () => {
      out.messageField(1, () => locationIds.forEach((id) => out.uint(id)));
      out.messageField(2, () => values.forEach((v) => out.int64(v)));
    });
  const location = (out: WireWriter, id: number, functionId: number) =>
    out.messageField(4, () => {
      out.uintField(1, id);
      out.messageField(4, () => out.uintField(1, functionId));
    });
  const fn = (out: WireWriter, id: number, name: number) =>
    out.messageField(5, () => {
      out.uintField(1, id);
      out.uintField(2, name);
    });
  const rejects = (bytes: Uint8Array, pattern: RegExp) =>
    assert.throws(
      () => decodeProfile(bytes),
      (error: Error) => error instanceof ProfileDecodeError && pattern.test(error.message),
    );

  it('accepts the well-formed base case', () => {
    const profile = decodeProfile(
      proto((out) => {
        sampleType(out);
        sample(out, [7], [-5]);
        location(out, 7, 3);
        fn(out, 3, 3);
        strings(out, 'samples', 'count', 'main.f');
      }),
    );
    assert.equal(profile.strings[profile.functions.name[profile.locations.lineFunction[0]!]!], 'main.f');
    assert.deepEqual(Array.from(profile.samples.values), [-5]);
  });
  it('a sample naming an undefined location', () =>
    rejects(
      proto((out) => {
        sampleType(out);
        sample(out, [8], [1]);
        location(out, 7, 3);
        fn(out, 3, 3);
        strings(out, 'samples', 'count', 'main.f');
      }),
      /location id 8, which is not defined/,
    ));
  it('a line naming an undefined function', () =>
    rejects(
      proto((out) => {
        location(out, 7, 4);
        fn(out, 3, 1);
        strings(out, 'main.f');
      }),
      /location 7 has a line with undefined function id 4/,
    ));
  it('two locations with one id', () =>
    rejects(
      proto((out) => {
        location(out, 7, 3);
        location(out, 7, 3);
        fn(out, 3, 1);
        strings(out, 'main.f');
      }),
      /multiple Locations with the same id 7/,
    ));
  it('a sample with more values than sample types', () =>
    rejects(
      proto((out) => {
        sampleType(out);
        sample(out, [], [1, 2]);
        strings(out, 'samples', 'count');
      }),
      /samples have 2 values but the profile has 1 sample types/,
    ));
  it('a string index beyond the table', () =>
    rejects(
      proto((out) => {
        fn(out, 3, 9);
        strings(out, 'main.f');
      }),
      /function 3 references string 9, beyond the 2-entry string table/,
    ));
  it('a length running past the end', () =>
    rejects(
      proto((out) => {
        out.tag(2, 2);
        out.uint(1000);
      }),
      /length 1000 runs past the end of the message in Profile/,
    ));
});
