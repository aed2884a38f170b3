import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sourceFileCandidates, trimSourcePath } from './source-path.js';

describe('trimSourcePath', () => {
  it("cuts up to a search directory's base name, else the trim prefixes and /proc/self/cwd/", () => {
    const lookup = { sourcePath: '/src/other:/home/me/gotarget/', trimPath: '' };
    assert.equal(trimSourcePath('/build/gotarget/internal/x.go', lookup), 'internal/x.go');
    assert.equal(trimSourcePath('/proc/self/cwd/./a/b.go', lookup), 'a/b.go');
    assert.equal(trimSourcePath('/usr/lib/go/src/fmt/print.go', lookup), '/usr/lib/go/src/fmt/print.go');
    // A trim path turns the guess off.
    assert.equal(
      trimSourcePath('/build/gotarget/x.go', { sourcePath: '/home/me/gotarget', trimPath: '/build' }),
      'gotarget/x.go',
    );
  });
});

describe('sourceFileCandidates', () => {
  it('tries a relative name under each directory and its parents, an absolute one as it is', () => {
    const lookup = { sourcePath: '/a/b:rel', trimPath: '' };
    assert.deepEqual(sourceFileCandidates('x/y.go', lookup), [
      '/a/b/x/y.go',
      '/a/x/y.go',
      '/x/y.go',
      'rel/x/y.go',
      'x/y.go',
    ]);
    assert.deepEqual(sourceFileCandidates('/abs/y.go', lookup), ['/abs/y.go']);
    assert.deepEqual(sourceFileCandidates('y.go', { sourcePath: '', trimPath: '' }), []);
  });
});
