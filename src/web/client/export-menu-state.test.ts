import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exportLinksOf, stemOf } from './export-menu-state.js';
import { parseLocation } from './url-state.js';

describe('the Export menu', () => {
  it('links the raw capture, and the filtered profile and folded stacks of the refine options', () => {
    assert.deepEqual(exportLinksOf(parseLocation('/ui/top', '?f=main&q=enc&orient=flame')), {
      raw: '/ui/download',
      filtered: '/ui/download/filtered?f=main',
      folded: '/ui/download/folded?f=main',
    });
    assert.deepEqual(exportLinksOf(parseLocation('/', '')), {
      raw: '/download',
      filtered: '/download/filtered',
      folded: '/download/folded',
    });
  });

  it('names images after the stored file', () => {
    assert.equal(stemOf('profilers/go/pprof/20261125064900/default.demo.Heap.prof'), 'default.demo.Heap');
    assert.equal(stemOf('.prof'), 'profile');
  });
});
