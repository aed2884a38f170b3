import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fixturePath, listProfileFixtures } from '../../test/support/fixtures.js';
import { goToolPprof } from '../../test/support/go-pprof.js';
import { decodeProfile, encodeProfile, ProfileBuilder, profileFromCollapsed, type Profile } from './index.js';

const workDir = mkdtempSync(path.join(tmpdir(), 'encode-profile-'));

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

describe('go tool pprof reads what encodeProfile writes', () => {
  for (const name of ['heap-small.pb.gz', 'cpu-small.pb.gz', 'goroutine-small.pb.gz', 'mutex-small.pb.gz']) {
    it(`${name}: -top is unchanged`, async () => {
      const encodedPath = path.join(workDir, name);
      writeFileSync(encodedPath, encodeProfile(decodeProfile(readFileSync(fixturePath(name)))));
      const expected = await goToolPprof(['-top', fixturePath(name)]);
      const actual = await goToolPprof(['-top', encodedPath]);
      assert.equal(actual, expected);
    });
  }

  it('a collapsed-stacks profile shows the written values', async () => {
    const file = path.join(workDir, 'collapsed.pb.gz');
    writeFileSync(file, encodeProfile(profileFromCollapsed('main;a;b 30\nmain;c 10\nmain;a 5')));
    const top = await goToolPprof(['-top', file]);
    assert.match(top, /Showing nodes accounting for 45, 100% of 45 total/);
    assert.match(top, /^\s+30 66\.67% 66\.67%\s+30 66\.67%\s+b$/m);
    assert.match(top, /^\s+0\s+0%\s+100%\s+45\s+100%\s+main$/m);
  });
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
