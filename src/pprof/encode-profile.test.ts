import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fixturePath, listProfileFixtures } from '../../test/support/fixtures.js';
import { decodeProfile, encodeProfile, ProfileBuilder, type Profile } from './index.js';

function assertSameProfile(actual: Profile, expected: Profile): void {
  const { inexactValues: _a, ...actualRest } = actual;
  const { inexactValues: _e, ...expectedRest } = expected;
  assert.deepEqual(actualRest, expectedRest);
}

describe('encodeProfile round-trips every fixture', () => {
  for (const name of listProfileFixtures().filter((n) => !n.includes('-large'))) {
    it(name, () => {
      const original = decodeProfile(readFileSync(fixturePath(name)));
      assertSameProfile(decodeProfile(encodeProfile(original)), original);
      assertSameProfile(decodeProfile(encodeProfile(original, { gzip: false })), original);
    });
  }
});

describe('64-bit and negative values survive encoding', () => {
  it('keeps negative values (diff profiles) and addresses beyond 2^53 exactly', () => {
    const builder = new ProfileBuilder({ sampleTypes: [{ type: 'alloc_space', unit: 'bytes' }] });
    const fn = builder.addFunction('main.grow', 'main.go', 10);
    const high = builder.addLocation([{ function: fn, line: 12 }], 0xffff_ffff_ffff_f123n);
    builder.addSample([high], [-123_456_789_012]);
    builder.addSample([high], [-(2 ** 53)]);
    builder.addSample([high], [2 ** 53]);
    const profile = decodeProfile(encodeProfile(builder.build()));
    assert.deepEqual(Array.from(profile.samples.values), [-123_456_789_012, -(2 ** 53), 2 ** 53]);
    assert.equal(profile.locations.address[0], 0xffff_ffff_ffff_f123n);
    assert.equal(profile.inexactValues, 0);
  });
});
