import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HEAP_SUMMARY } from './heap-summary.test-data.js';
import { DEFAULT_QUERY_OPTIONS, withOptions } from './query-options.js';
import { RESET_OPTIONS, chipsOf, documentTitle, sampleTypeIndexOf } from './shell-state.js';
import { parseLocation } from './url-state.js';

const summary = HEAP_SUMMARY;

describe('the page around the views', () => {
  it('shows a chip per refine option off its default, each removing its own option', () => {
    const options = withOptions(DEFAULT_QUERY_OPTIONS, {
      focus: 'main',
      tagRoot: 'tenant',
      sort: 'cum',
      sampleIndex: 'alloc_space',
    });
    assert.deepEqual(chipsOf(options), [
      { param: 'f', label: 'focus', text: 'focus: main ', remove: { options: { focus: '' } } },
      {
        param: 'tagroot',
        label: 'group by (root)',
        text: 'group by (root): tenant ',
        remove: { options: { tagRoot: '' } },
      },
    ]);
    assert.deepEqual(chipsOf(DEFAULT_QUERY_OPTIONS), []);
    assert.deepEqual(RESET_OPTIONS, { options: DEFAULT_QUERY_OPTIONS });
  });

  it('finds the sample type by name or number, the default for none', () => {
    assert.equal(sampleTypeIndexOf(summary, ''), 3);
    assert.equal(sampleTypeIndexOf(summary, 'alloc_space'), 1);
    assert.equal(sampleTypeIndexOf(summary, '0'), 0);
    assert.equal(sampleTypeIndexOf(summary, 'cpu'), -1);
  });

  it('titles the document with the type, the sample type and the view', () => {
    assert.equal(documentTitle(summary, parseLocation('/', '').state), 'Heap inuse_space · Flame graph · go-profiler');
    assert.equal(
      documentTitle(summary, parseLocation('/ui/peek', '?si=alloc_space').state),
      'Heap alloc_space · Peek · go-profiler',
    );
    assert.equal(documentTitle(summary, parseLocation('/top', '?si=cpu').state), 'Heap · Top · go-profiler');
  });
});
