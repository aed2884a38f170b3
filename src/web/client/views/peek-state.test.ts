import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PeekViewModel } from '../../view-models.js';
import { omittedText, peekEntryRows, peekMatchedRows, peekNotes, peekSearchStatus } from './peek-state.js';

describe('peek texts', () => {
  const peek = { pattern: 'main', entries: [{}, {}], matchedCount: 5 } as unknown as PeekViewModel;

  it('say what the limits left out', () => {
    assert.deepEqual(peekNotes(peek), [
      "Showing the first 2 of 5 functions matching f=main, in pprof's order; n=0 shows all, or peek at one by clicking its name.",
    ]);
    assert.deepEqual(peekNotes({ ...peek, pattern: '' }), [
      "Showing the first 2 of 5 functions (no f: every function), in pprof's order; n=0 shows all, or peek at one by clicking its name.",
    ]);
    assert.deepEqual(peekNotes({ ...peek, matchedCount: 2 }), []);
    assert.equal(
      omittedText({ count: 1, weight: 5, weightText: '5MB' }, 'callers'),
      '… 1 more caller, 5MB in all (only the heaviest are shown)',
    );
    assert.equal(
      omittedText({ count: 3, weight: 5, weightText: '5MB' }, 'callees'),
      '… 3 more callees, 5MB in all (only the heaviest are shown)',
    );
  });

  it('count the names the search matches', () => {
    assert.equal(peekSearchStatus('a', 1), '1 name matches');
    assert.equal(peekSearchStatus('a', 4), '4 names match');
    assert.equal(peekSearchStatus('', 4), '');
  });

  it("count an entry's rows and the matches over every entry", () => {
    const call = (name: string, matched?: boolean) => ({
      name,
      weight: 1,
      weightText: '1',
      percent: '1%',
      inline: false,
      ...(matched ? { matched } : {}),
    });
    const omitted = { count: 3, weight: 5, weightText: '5MB' };
    const entries = [
      { name: 'a', matched: true, callers: [call('b', true), call('c')], callees: [], omittedCallers: omitted },
      { name: 'b', callers: [], callees: [call('a'), call('b', true)], omittedCallees: omitted },
      { name: 'c', callers: [], callees: [] },
    ];
    const model = { ...peek, entries } as unknown as PeekViewModel;
    assert.deepEqual(model.entries.map(peekEntryRows), [4, 4, 1]);
    assert.equal(peekMatchedRows(model), 3);
  });
});
