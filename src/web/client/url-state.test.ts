import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_QUERY_OPTIONS } from '../../query/index.js';
import { formatLocation, parseLocation, viewOf } from './url-state.js';

describe('viewer URL state', () => {
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
});
