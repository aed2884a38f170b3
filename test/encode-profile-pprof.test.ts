// What encodeProfile writes, read by `go tool pprof` (a real process, hence test/): the same -top
// as the fixture it was decoded from, and the values a collapsed-stacks profile was built with.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { decodeProfile, encodeProfile, profileFromCollapsed } from '../src/pprof/index.js';
import { fixturePath } from './support/fixtures.js';
import { goToolPprof } from './support/go-pprof.js';

const workDir = mkdtempSync(path.join(tmpdir(), 'encode-profile-'));

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
