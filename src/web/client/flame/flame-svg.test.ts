import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flameGraphOfRows } from './flame-graph-rows.js';
import { layoutFlameGraph } from './flame-layout.js';
import { FlameGraphRenderer } from './flame-renderer.js';
import { escapeXml, renderFlameGraphSvg } from './flame-svg.js';

// root(10) → main.<b>a</b>&(7) → [b(4), c(2)];  root → d(3)
const graph = flameGraphOfRows([
  [0, 'root', 10, 0],
  [1, 'main.<b>a</b>&', 7, 1],
  [2, 'b', 4, 4],
  [2, 'c', 2, 2],
  [1, 'd', 3, 3],
]);
const renderer = new FlameGraphRenderer({} as HTMLCanvasElement, layoutFlameGraph(graph));
const svgOf = (zoom: number, orientation: 'icicle' | 'flame' = 'icicle') =>
  renderFlameGraphSvg(renderer, { zoom, orientation, widthPx: 1000, theme: 'light', legend: graph.info.legend });
const rects = (svg: string) =>
  [...svg.matchAll(/<title>([^\n]*)\n[^<]*<\/title><rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"/g)].map(
    ([, name, x, y, width]) => `${name} ${x} ${y} ${width}`,
  );

describe('flame graph SVG', () => {
  it('places the frames as the canvas does, widths by value, rows by depth', () => {
    assert.deepEqual(rects(svgOf(0)), [
      'root 0 0 999',
      'main.&lt;b&gt;a&lt;/b&gt;&amp; 0 18 699',
      'b 0 36 399',
      'd 700 18 299',
      'c 400 36 199',
    ]);
  });

  it('keeps the zoom (ancestors full width) and the flame orientation (root at the bottom)', () => {
    assert.deepEqual(rects(svgOf(1)), [
      'root 0 0 999',
      'main.&lt;b&gt;a&lt;/b&gt;&amp; 0 18 999',
      'b 0 36 570.43',
      'c 571.43 36 284.71',
    ]);
    assert.match(svgOf(0, 'flame'), /<title>root\n[^<]*<\/title><rect x="0" y="36" width="999"/);
  });

  it('escapes every profile string and states the values', () => {
    const svg = svgOf(0);
    assert.doesNotMatch(svg, /<b>/);
    assert.match(svg, /<title>main\.&lt;b&gt;a&lt;\/b&gt;&amp;\ncum 7 \(70\.00%\), flat 1 \(10\.00%\)<\/title>/);
    assert.equal(escapeXml('a\u0001<"\'>'), 'a&lt;&quot;&apos;&gt;');
  });
});
