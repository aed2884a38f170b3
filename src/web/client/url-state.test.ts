import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_QUERY_OPTIONS } from './query-options.js';
import { applyChange, formatLocation, parseLocation, viewOf, viewQueryOf } from './url-state.js';

describe('viewer URL state', () => {
  it('keeps the flame graph’s shape as the URL says it: leaf=1, leaf=0, or absent (the default)', () => {
    const at = (search: string) => parseLocation('/', search).state;
    assert.equal(at('?leaf=1').leafFirst, true);
    assert.equal(at('?leaf=0').leafFirst, false);
    assert.equal(at('').leafFirst, undefined);
    assert.equal(formatLocation(at('?leaf=0'), '/'), '/?leaf=0');
    assert.equal(formatLocation(applyChange(at('?leaf=0'), { leafFirst: 'default' }), '/'), '/');
    assert.equal(formatLocation(applyChange(at(''), { leafFirst: false }), '/'), '/?leaf=0');
    assert.equal(formatLocation(applyChange(at('?leaf=1'), { route: 'top' }), '/'), '/top?leaf=1');
    assert.equal(formatLocation(applyChange(at(''), { search: 'x' }), '/'), '/?q=x');
  });

  it('reads pprof routes at / and under /ui/, with / being the flame graph', () => {
    assert.equal(viewOf(parseLocation('/', '').state.route), 'flamegraph');
    assert.equal(parseLocation('/', '').basePath, '/');
    const ui = parseLocation('/ui/top', '?si=alloc_space');
    assert.equal(ui.basePath, '/ui/');
    assert.equal(viewOf(ui.state.route), 'top');
    assert.equal(ui.state.options.sampleIndex, 'alloc_space');
    assert.equal(viewOf(parseLocation('/ui', '').state.route), 'flamegraph');
    assert.equal(viewOf(parseLocation('/ui/peek', '').state.route), 'peek');
  });

  it('round-trips refine options, the search and the orientation, leaving defaults out', () => {
    const search = '?si=alloc_space&f=main%5C.sortKeys&i=runtime&q=encode&orient=flame';
    const parsed = parseLocation('/ui/flamegraph', search);
    assert.equal(parsed.state.options.focus, 'main\\.sortKeys');
    assert.equal(parsed.state.options.ignore, 'runtime');
    assert.equal(parsed.state.search, 'encode');
    assert.equal(parsed.state.orientation, 'flame');
    const url = formatLocation(parsed.state, parsed.basePath);
    const again = parseLocation(url.split('?')[0]!, `?${url.split('?')[1]}`);
    assert.deepEqual(again.state, parsed.state);
    assert.equal(
      formatLocation({ route: 'top', options: DEFAULT_QUERY_OPTIONS, search: '', orientation: 'icicle' }, '/'),
      '/top',
    );
  });

  it('reports a bad parameter instead of guessing', () => {
    const parsed = parseLocation('/top', '?n=many');
    assert.match(parsed.error ?? '', /option n: "many" is not a number/);
    assert.deepEqual(parsed.state.options, DEFAULT_QUERY_OPTIONS);
  });

  it('moves to a state: options merged, the zoom kept within the flame graph and dropped elsewhere', () => {
    const zoomed = parseLocation('/', '?f=main&zoom=main%3Ba&q=enc').state;
    assert.deepEqual(applyChange(zoomed, { options: { ignore: 'runtime' } }), {
      ...zoomed,
      options: { ...zoomed.options, ignore: 'runtime' },
    });
    assert.equal(applyChange(zoomed, { route: 'flamegraph' }).zoom, 'main;a');
    assert.deepEqual(applyChange(zoomed, { route: 'top' }), { ...zoomed, route: 'top', zoom: '' });
    assert.equal(applyChange(zoomed, { route: 'top', zoom: 'x' }).zoom, 'x');
    assert.deepEqual(applyChange(zoomed, { search: '', orientation: 'flame' }), {
      ...zoomed,
      search: '',
      orientation: 'flame',
    });
  });

  it('asks the table views’ API with the refine options and the search', () => {
    assert.equal(viewQueryOf(parseLocation('/top', '?q=enc&f=main&orient=flame').state), 'f=main&q=enc');
    assert.equal(viewQueryOf(parseLocation('/top', '').state), '');
  });
});
