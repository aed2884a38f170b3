import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deepStackProfile } from '../../test/support/hostile-profiles.js';
import { decodeProfile, encodeProfile, ProfileDecodeError, type Profile } from './index.js';
import { WireWriter } from './wire-writer.js';

/** The function name of each frame of sample `i`, leaf first. */
function frameNames(profile: Profile, i: number): string[] {
  const { samples, locations, functions, strings } = profile;
  return Array.from(samples.stackLocations.subarray(samples.stackStart[i], samples.stackStart[i + 1]), (location) => {
    const fn = locations.lineFunction[locations.lineStart[location]!]!;
    return strings[functions.name[fn]!]!;
  });
}

/** `main.f<k mod 100>` for k in [0, count): the frames deepStackProfile writes. */
function cycle(count: number): string[] {
  return Array.from({ length: count }, (_, k) => `main.f${k % 100}`);
}

function values(profile: Profile, i: number): number[] {
  return Array.from(profile.samples.values.subarray(i * 2, i * 2 + 2));
}

describe('decodeProfile with maxStackDepth', () => {
  const hundredThousand = deepStackProfile([100_000]);

  it('keeps every frame without a cap (the CLI default), as go tool pprof does', () => {
    const profile = decodeProfile(hundredThousand);
    assert.deepEqual(frameNames(profile, 0), cycle(100_000));
    assert.equal(profile.truncatedStacks, undefined);
  });

  it('cuts a 100,000-frame sample to its 4096 leaf-most frames plus (truncated 95904 frames)', () => {
    const profile = decodeProfile(hundredThousand, { maxStackDepth: 4096 });
    assert.deepEqual(frameNames(profile, 0), [...cycle(4096), '(truncated 95904 frames)']);
    assert.deepEqual(values(profile, 0), [1, 1000]);
    assert.deepEqual(profile.truncatedStacks, { sampleCount: 1, maxStackDepth: 4096 });
    assert.equal(profile.samples.stackLocations.length, 4097);
  });

  it('leaves shallower samples alone and gives each dropped count its own frame', () => {
    const profile = decodeProfile(deepStackProfile([10, 4096, 4097, 5000, 5000, 100_000]), { maxStackDepth: 4096 });
    assert.deepEqual(frameNames(profile, 0), cycle(10));
    assert.deepEqual(frameNames(profile, 1), cycle(4096));
    assert.deepEqual(frameNames(profile, 2), [...cycle(4096), '(truncated 1 frames)']);
    assert.deepEqual(frameNames(profile, 3), [...cycle(4096), '(truncated 904 frames)']);
    assert.deepEqual(frameNames(profile, 4), [...cycle(4096), '(truncated 904 frames)']);
    assert.deepEqual(frameNames(profile, 5), [...cycle(4096), '(truncated 95904 frames)']);
    for (let i = 0; i < 6; i++) assert.deepEqual(values(profile, i), [i + 1, (i + 1) * 1000]);
    assert.deepEqual(profile.truncatedStacks, { sampleCount: 4, maxStackDepth: 4096 });
    // 100 functions of the producer's, 3 synthetic ones (1, 904 and 95904 frames), with fresh ids.
    assert.equal(profile.locations.count, 103);
    assert.deepEqual(Array.from(profile.locations.id.subarray(100)), [101n, 102n, 103n]);
    assert.deepEqual(Array.from(profile.functions.id.subarray(100)), [101n, 102n, 103n]);

    // The synthetic frames make a valid profile: encoded and decoded again, the stacks are the same.
    const again = decodeProfile(encodeProfile(profile));
    for (let i = 0; i < 6; i++) assert.deepEqual(frameNames(again, i), frameNames(profile, i));
  });

  it('refuses a sample of 20,000,000 frames: more than 256 × the default cap of 4096', () => {
    const twentyMillion = deepStackProfile([20_000_000]);
    assert.throws(
      () => decodeProfile(twentyMillion, { maxStackDepth: 4096 }),
      (error: Error) => {
        assert.ok(error instanceof ProfileDecodeError, error.name);
        assert.equal(
          error.message,
          'decode profile: sample 0 has more than 1048576 frames (256 × the maximum stack depth of 4096): refused as absurd',
        );
        return true;
      },
    );
    // Under a cap high enough not to refuse it, the same sample keeps only its leaf-most frames.
    const profile = decodeProfile(twentyMillion, { maxStackDepth: 100_000 });
    assert.deepEqual(frameNames(profile, 0), [...cycle(100_000), '(truncated 19900000 frames)']);
    assert.equal(profile.samples.stackLocations.length, 100_001);
  });

  describe('location ids written unpacked or in several fields', () => {
    // A hand-written profile: one sample whose location ids come as `fields`, each either a
    // packed list or a single unpacked varint; locations 1..9 call `main.f1`..`main.f9`.
    function handWritten(fields: readonly (number | readonly number[])[]): Uint8Array {
      const out = new WireWriter();
      out.messageField(1, () => {
        out.uintField(1, 1);
        out.uintField(2, 2);
      });
      out.messageField(2, () => {
        for (const field of fields) {
          if (typeof field === 'number') out.uintField(1, field);
          else out.messageField(1, () => field.forEach((id) => out.uint(id)));
        }
        out.messageField(2, () => out.int64(7));
      });
      for (let id = 1; id <= 9; id++) {
        out.messageField(4, () => {
          out.uintField(1, id);
          out.messageField(4, () => out.uintField(1, id));
        });
        out.messageField(5, () => {
          out.uintField(1, id);
          out.uintField(2, id + 2);
        });
      }
      for (const text of ['', 'samples', 'count', ...Array.from({ length: 9 }, (_, i) => `main.f${i + 1}`)]) {
        out.bytesField(6, new TextEncoder().encode(text));
      }
      return out.finish();
    }

    it('counts frames across fields: packed, unpacked, packed', () => {
      const profile = decodeProfile(handWritten([[1, 2], 3, 4, [5, 6, 7]]), { maxStackDepth: 3 });
      assert.deepEqual(frameNames(profile, 0), ['main.f1', 'main.f2', 'main.f3', '(truncated 4 frames)']);
      const exact = decodeProfile(handWritten([[1, 2], 3, 4, [5, 6, 7]]), { maxStackDepth: 7 });
      assert.deepEqual(frameNames(exact, 0), [
        'main.f1',
        'main.f2',
        'main.f3',
        'main.f4',
        'main.f5',
        'main.f6',
        'main.f7',
      ]);
      assert.equal(exact.truncatedStacks, undefined);
      const unpacked = decodeProfile(handWritten([1, 2, 3, 4, 5]), { maxStackDepth: 2 });
      assert.deepEqual(frameNames(unpacked, 0), ['main.f1', 'main.f2', '(truncated 3 frames)']);
    });

    it('refuses across fields too, and still checks the dropped part of a packed field', () => {
      assert.throws(
        () => decodeProfile(handWritten([1, 2, 3, 4, 5, 6, 7, 8, 9]), { maxStackDepth: 0.5 }),
        /maxStackDepth must be a whole number ≥ 1, not 0.5/,
      );
      assert.throws(() => decodeProfile(handWritten([1]), { maxStackDepth: 0 }), RangeError);
      // 256 × 1 = 256 frames at most: 257 unpacked ids are refused.
      assert.throws(
        () => decodeProfile(handWritten(Array.from({ length: 257 }, () => 1)), { maxStackDepth: 1 }),
        /sample 0 has more than 256 frames \(256 × the maximum stack depth of 1\): refused as absurd/,
      );
      const exactly256 = decodeProfile(handWritten(Array.from({ length: 256 }, () => 1)), { maxStackDepth: 1 });
      assert.deepEqual(frameNames(exactly256, 0), ['main.f1', '(truncated 255 frames)']);

      // A packed field of 3 bytes (01 02 80) whose last id does not end inside it, beyond the cap;
      // 0x80 is written as the varint 80 01, whose second byte lies past the field's length.
      const out = new WireWriter();
      out.messageField(2, () => {
        out.tag(1, 2);
        out.uint(3);
        out.uint(1);
        out.uint(2);
        out.uint(0x80);
      });
      assert.throws(
        () => decodeProfile(out.finish(), { maxStackDepth: 1 }),
        /a packed location_id runs past its length/,
      );
    });
  });
});
