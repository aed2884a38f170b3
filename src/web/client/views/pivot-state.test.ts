import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flameGraphOfRows } from '../flame/flame-graph-rows.js';
import { layoutFlameGraph } from '../flame/flame-layout.js';
import { parseLocation } from '../url-state.js';
import {
  INITIAL_PIVOT_STATE,
  clickStep,
  isZoomed,
  pivotNames,
  pivotQueryOf,
  pivotTexts,
  withHalves,
  withPart,
  withZoomsReset,
} from './pivot-state.js';

// The callees half: root → the pivot (main.a) → its callees b and c.
const callees = flameGraphOfRows([
  [0, 'root', 6, 0],
  [1, 'main.a', 6, 1],
  [2, 'main.b', 3, 3],
  [2, 'main.c', 2, 2],
]);
const url = (query: string) => parseLocation('/flamegraph', query).state;

describe('pivot state', () => {
  it('loads the halves of the options with a pivot, and none without', () => {
    assert.equal(pivotQueryOf(url('?p=%5Emain%5C.a%24&q=enc')), 'p=%5Emain%5C.a%24');
    assert.equal(pivotQueryOf(url('?f=main')), undefined);
  });

  it('zooms each half on its own; reset and new halves unzoom both', () => {
    const zoomed = withPart(withPart(INITIAL_PIVOT_STATE, 'callees', { zoom: 2 }), 'callers', { hovered: 3 });
    assert.deepEqual(zoomed, {
      loadedQuery: undefined,
      parts: { callers: { zoom: 0, hovered: 3 }, callees: { zoom: 2, hovered: -1 } },
    });
    assert.equal(withPart(zoomed, 'callers', { hovered: 3 }), zoomed);
    assert.equal(isZoomed(zoomed), true);
    assert.deepEqual(withZoomsReset(zoomed).parts, {
      callers: { zoom: 0, hovered: 3 },
      callees: { zoom: 0, hovered: -1 },
    });
    assert.equal(isZoomed(withZoomsReset(zoomed)), false);
    assert.deepEqual(withHalves(zoomed, 'p=x'), {
      loadedQuery: 'p=x',
      parts: { callers: { zoom: 0, hovered: -1 }, callees: { zoom: 0, hovered: -1 } },
    });
  });

  it('zooms on a click (again: out), or in the sandwich makes a frame below the pivot the new pivot', () => {
    const layout = layoutFlameGraph(callees);
    assert.deepEqual(clickStep('zoom', layout, 2, 0), { kind: 'zoom', node: 2 });
    assert.deepEqual(clickStep('zoom', layout, 2, 2), { kind: 'zoom', node: 0 });
    assert.deepEqual(clickStep('repivot', layout, 3, 0), {
      kind: 'navigate',
      change: { options: { pivot: '^main\\.c$' } },
    });
    assert.deepEqual(clickStep('repivot', layout, 1, 0), { kind: 'zoom', node: 1 });
  });

  it('names the pivot frames and says what the halves show', () => {
    assert.deepEqual(pivotNames(callees), ['main.a']);
    assert.deepEqual(pivotTexts(['main.a'], url('?p=a&q=x')), {
      headings: { callers: '▲ Callers of main.a', callees: '▼ Callees of main.a' },
      message: '',
      searchStatus: 'The search highlights frames in the flame graph without a pivot',
    });
    assert.deepEqual(pivotTexts([], url('?p=zzz')), {
      headings: { callers: '▲ Callers of 0 functions matching zzz', callees: '▼ Callees of 0 functions matching zzz' },
      message: 'p=zzz matches no function shown with these options: nothing to pivot on.',
      searchStatus: '',
    });
    assert.equal(pivotTexts(['a', 'b'], url('?p=a|b')).headings.callees, '▼ Callees of 2 functions matching a|b');
  });
});
