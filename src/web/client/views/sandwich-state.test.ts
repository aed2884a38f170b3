import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLocation } from '../url-state.js';
import { filterRows, focusPick, listQueryOf, nameParts, pivotOf, promptOf } from './sandwich-state.js';
import type { TopRowModel } from '../../view-models.js';

const url = (path: string, query: string) => parseLocation(path, query).state;

describe('sandwich state', () => {
  it('lists every function by cum whatever the pivot, filtered by what is typed', () => {
    assert.equal(listQueryOf(url('/sandwich', '?p=%5Ea%24&f=main&q=x')), 'sort=cum&f=main&unit=auto&q=main');
    assert.equal(listQueryOf(url('/sandwich', '?p=%5Ea%24&unit=MB')), 'sort=cum&unit=MB', 'a unit asked for stays');
    assert.equal(
      listQueryOf(url('/sandwich', '?f=main.alloc')),
      listQueryOf(url('/sandwich', '?f=main.alloc&p=%5Emain%5C.alloc%24')),
      'one list, so one unit, whether the page was opened with f or p',
    );
    const rows = [{ name: 'main.Alpha' }, { name: 'runtime.mallocgc' }] as TopRowModel[];
    assert.deepEqual(filterRows(rows, 'ALP'), [rows[0]]);
    assert.equal(filterRows(rows, ''), rows);
    assert.equal(pivotOf('main.(*T).run'), '^main\\.\\(\\*T\\)\\.run$');
    assert.equal(promptOf(url('/sandwich', '?p=a')), '');
    assert.equal(
      promptOf(url('/sandwich', '')),
      'Pick a function on the left (or “Sandwich” in any right-click menu) to see its callers and callees.',
    );
  });

  it('centres on the heaviest function the server marked as matching the focus, when no pivot is set', () => {
    const rows = [
      { name: 'runtime.main', matched: false },
      { name: 'main.allocIndex', matched: true },
      { name: 'main.alloc', matched: true },
    ] as TopRowModel[];
    assert.equal(focusPick(rows, url('/sandwich', '?f=main%5C.alloc')), 'main.allocIndex');
    assert.equal(focusPick(rows, url('/sandwich', '?f=alloc&p=x')), undefined, 'a pivot set stays');
    const none = rows.map((row) => ({ ...row, matched: false }));
    assert.equal(focusPick(none, url('/sandwich', '?f=nothere')), undefined);
    assert.equal(focusPick(rows, url('/sandwich', '')), undefined);
  });

  it('breaks names after each / and . only', () => {
    assert.deepEqual(nameParts('gotarget/internal/codec.(*Decoder).ReadFrame'), [
      'gotarget/',
      'internal/',
      'codec.',
      '(*Decoder).',
      'ReadFrame',
    ]);
  });
});
