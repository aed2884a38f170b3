import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { ProfileTooLargeError } from './profile-errors.js';
import { unpackProfileBytes } from './unpack-profile-bytes.js';

/** Bytes that do not compress (random) followed by some that do (zeros): 300 KiB. */
const payload = new Uint8Array(Buffer.concat([randomBytes(200 * 1024), Buffer.alloc(100 * 1024)]));

/** `gzipped` with its trailer's size (ISIZE) replaced by `claimed`. */
function withClaimedSize(gzipped: Uint8Array, claimed: number): Uint8Array {
  const lying = new Uint8Array(gzipped);
  new DataView(lying.buffer).setUint32(lying.length - 4, claimed >>> 0, true);
  return lying;
}

describe('unpackProfileBytes', () => {
  it('gunzips whole at every size around its chunk sizes', () => {
    for (const length of [1, 65_535, 65_536, 65_537, 200 * 1024, payload.length]) {
      const bytes = payload.subarray(payload.length - length);
      assert.deepEqual(unpackProfileBytes(new Uint8Array(gzipSync(bytes))), bytes, `${length} bytes`);
    }
  });

  it('refuses a trailer that lies about the size as corrupt data, small or absurd', () => {
    const gzipped = new Uint8Array(gzipSync(payload));
    for (const claimed of [1, payload.length - 1, payload.length + 1, 0xffffffff]) {
      assert.throws(
        () => unpackProfileBytes(withClaimedSize(gzipped, claimed)),
        (error: Error) => error.name === 'ProfileDecodeError' && /corrupt gzip data/.test(error.message),
        `trailer claiming ${claimed}`,
      );
    }
  });

  it('gunzips several gzip members one after the other', () => {
    const first = gzipSync(payload.subarray(0, 1000));
    const second = gzipSync(payload.subarray(1000));
    assert.deepEqual(unpackProfileBytes(new Uint8Array(Buffer.concat([first, second]))), payload);
  });

  it('still refuses output past the cap, even when the trailer claims less', () => {
    const gzipped = withClaimedSize(new Uint8Array(gzipSync(payload)), 10);
    assert.throws(() => unpackProfileBytes(gzipped, 100 * 1024), ProfileTooLargeError);
  });
});
