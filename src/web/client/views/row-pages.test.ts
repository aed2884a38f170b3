import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pageLabel, splitIntoPages } from './row-pages.js';

describe('row pages', () => {
  it('fill pages with whole groups up to the row budget', () => {
    assert.deepEqual(splitIntoPages([4, 4, 3, 5, 1], 8), [
      { start: 0, end: 2 },
      { start: 2, end: 4 },
      { start: 4, end: 5 },
    ]);
  });

  it('give a group larger than a page a page of its own', () => {
    assert.deepEqual(splitIntoPages([2, 20, 2], 8), [
      { start: 0, end: 1 },
      { start: 1, end: 2 },
      { start: 2, end: 3 },
    ]);
  });

  it('keep one page when everything fits, and one empty page for nothing', () => {
    assert.deepEqual(splitIntoPages([1, 2, 3], 300), [{ start: 0, end: 3 }]);
    assert.deepEqual(splitIntoPages([], 300), [{ start: 0, end: 0 }]);
  });

  it('say where a page lies', () => {
    const pages = splitIntoPages([4, 4, 3, 5, 1], 8);
    assert.equal(pageLabel(pages, 1, 'Functions'), 'Functions 3–4 of 5 (page 2 of 3)');
    assert.equal(pageLabel(pages, 0, 'Functions'), 'Functions 1–2 of 5 (page 1 of 3)');
    assert.equal(pageLabel(splitIntoPages([]), 0, 'Functions'), '');
  });
});
