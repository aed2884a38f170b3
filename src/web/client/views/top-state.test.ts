import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TopRowModel, TopViewModel } from '../../view-models.js';
import { parseLocation } from '../url-state.js';
import {
  activeColumn,
  cellsOf,
  initialTopState,
  isLoaded,
  refineTargetFor,
  rowsOf,
  searchStatusText,
  selectForMenu,
  sortStep,
  statusText,
  toggleSelected,
  withRows,
  withUrl,
} from './top-state.js';

const row = (name: string, flat: number, matched?: boolean): TopRowModel => ({
  name,
  flat,
  flatText: `${flat}MB`,
  flatPercent: `${flat}0%`,
  sumPercent: `${flat}5%`,
  cum: flat,
  cumText: `${flat}MB`,
  cumPercent: `${flat}0%`,
  inlineLabel: name === 'b' ? '(inline)' : '',
  ...(matched === undefined ? {} : { matched }),
});
const rows: TopViewModel = {
  legend: [],
  total: 6,
  totalText: '6MB',
  outputUnit: 'MB',
  warnings: [],
  rows: [row('c', 3, true), row('a', 2, false), row('b', 1, true)],
};
const url = (query: string) => parseLocation('/top', query).state;

describe('top view state', () => {
  it('loads once per query, and drops the selection when the options change', () => {
    const start = initialTopState(url('?f=x'));
    assert.equal(isLoaded(start), false);
    const shown = toggleSelected(withRows(start, 'f=x', rows), 'a');
    assert.equal(isLoaded(shown), true);
    assert.deepEqual(shown.selected, ['a']);
    const searched = withUrl(shown, url('?f=x&q=b'));
    assert.equal(isLoaded(searched), false);
    assert.deepEqual(withRows(searched, 'f=x&q=b', rows).selected, ['a']);
    assert.deepEqual(withRows(withUrl(shown, url('?f=y')), 'f=y', rows).selected, []);
  });

  it('sorts by name here, by flat or cum on the server; a new server order ends sorting by name', () => {
    const shown = withRows(initialTopState(url('')), '', rows);
    const byName = sortStep(shown, 'name');
    assert.equal(byName.kind, 'render');
    const named = byName.kind === 'render' ? byName.state : shown;
    assert.equal(activeColumn(named), 'name');
    assert.deepEqual(
      rowsOf(named).map((r) => r.name),
      ['a', 'b', 'c'],
    );
    assert.deepEqual(cellsOf(rowsOf(named)[1]!, true), ['1MB', '10%', '', '1MB', '10%', 'b (inline)']);
    assert.deepEqual(sortStep(named, 'flat'), { kind: 'render', state: { ...named, sortByName: false } });
    assert.deepEqual(sortStep(named, 'cum'), { kind: 'navigate', change: { options: { sort: 'cum' } } });
    assert.equal(withUrl(named, url('?sort=cum')).sortByName, false);
    assert.equal(withUrl(named, url('?q=a')).sortByName, true);
    assert.deepEqual(
      rowsOf(shown).map((r) => r.name),
      ['c', 'a', 'b'],
    );
    assert.deepEqual(cellsOf(rowsOf(shown)[0]!, false), ['3MB', '30%', '35%', '3MB', '30%', 'c']);
  });

  it('selects rows in the order picked; the menu acts on the selection or on the row alone', () => {
    const shown = withRows(initialTopState(url('')), '', rows);
    const two = toggleSelected(toggleSelected(shown, 'c'), 'a');
    assert.deepEqual(two.selected, ['c', 'a']);
    assert.deepEqual(toggleSelected(two, 'c').selected, ['a']);
    assert.deepEqual(refineTargetFor(two, 'a'), { names: ['c', 'a'] });
    assert.deepEqual(refineTargetFor(two, 'b'), { names: ['b'] });
    assert.equal(selectForMenu(two, 'a'), two);
    assert.deepEqual(selectForMenu(two, 'b').selected, ['b']);
  });

  it('says when nothing is left and how many rows the search matches', () => {
    const shown = withRows(initialTopState(url('?q=b')), 'q=b', rows);
    assert.equal(searchStatusText(shown), '2 of 3 rows match');
    assert.equal(searchStatusText(withUrl(shown, url(''))), '');
    assert.equal(statusText(rows), '');
    assert.equal(statusText({ ...rows, rows: [] }), 'No nodes to show: the total is 0 or every node was filtered out.');
  });
});
