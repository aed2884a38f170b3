// One sample type's flame graph in an offline report: the client's canvas renderer, hover card
// and accessible frame list over the embedded graph; a click zooms into a frame, the root (or
// Escape, or the button) zooms out; the search colours matching frames and states their share.

import type { WireFlameGraph } from '../../flame-graph-wire.js';
import { flamePercentText, flameValueText } from '../../flame-values.js';
import { h } from '../dom.js';
import { layoutFlameGraph, displayNameOf, type FlameLayout } from '../flame/flame-layout.js';
import { FlameGraphRenderer, type FlameView } from '../flame/flame-renderer.js';
import { FlameTooltip } from '../flame/flame-tooltip.js';
import { FRAME_LIST_CAP, FrameList } from '../flame/frame-list.js';
import type { Theme } from '../theme-name.js';
import { searchFlameGraph, type ReportSearch } from './report-search.js';

/** The tallest canvas drawn: deeper graphs are cut there (Chromium's limit is far above). */
const MAX_CANVAS_HEIGHT_PX = 12_000;

export class ReportFlamePane {
  readonly element: HTMLElement;
  private readonly layout: FlameLayout;
  private readonly renderer: FlameGraphRenderer;
  private readonly canvas: HTMLCanvasElement;
  private readonly tooltip = new FlameTooltip();
  private readonly frameList = new FrameList();
  private readonly zoomLabel: HTMLElement;
  private readonly searchStatus: HTMLElement;
  private zoom = 0;
  private hovered = -1;
  private search: ReportSearch | undefined;

  constructor(
    readonly graph: WireFlameGraph,
    private readonly theme: Theme,
  ) {
    this.layout = layoutFlameGraph(graph);
    this.canvas = h('canvas', { className: 'flame-canvas', attrs: { 'aria-label': 'Flame graph' } });
    this.renderer = new FlameGraphRenderer(this.canvas, this.layout);
    this.zoomLabel = h('span', { className: 'flame-zoom-label', id: 'flame-zoom' });
    this.searchStatus = h('span', { className: 'search-status', id: 'search-status' });
    const reset = h('button', { id: 'zoom-reset', text: 'Reset zoom', on: { click: () => this.setZoom(0) } });
    this.element = h(
      'section',
      { className: 'flame-pane' },
      h('div', { className: 'flame-toolbar' }, reset, this.zoomLabel, this.searchStatus),
      h('div', { className: 'flame-stage' }, this.canvas, this.tooltip.element),
      this.frameList.element,
    );
    this.canvas.addEventListener('mousemove', (event) => this.onHover(event));
    this.canvas.addEventListener('mouseleave', () => this.onHover(undefined));
    this.canvas.addEventListener('click', (event) => this.onClick(event));
  }

  /** Draws at the stage's width; call once the pane is in the document, and on resize. */
  draw(): void {
    const view = this.view();
    const painted = this.renderer.draw(view);
    this.canvas.style.height = `${view.heightPx}px`;
    this.canvas.dataset['painted'] = String(painted);
    this.canvas.dataset['zoom'] = String(this.zoom);
    this.frameList.update(this.renderer, view, this.renderer.visibleFrames(view, FRAME_LIST_CAP), painted);
    this.zoomLabel.textContent =
      this.zoom === 0 ? '' : `Zoomed into ${displayNameOf(this.layout, this.zoom)}: click the top row to zoom out`;
  }

  setZoom(node: number): void {
    this.zoom = node >= 0 && node < this.graph.nodeCount ? node : 0;
    this.hovered = -1;
    this.tooltip.hide();
    this.draw();
  }

  /** Colours the frames whose names match `pattern`; "" clears. Returns the error text, or "". */
  setSearch(pattern: string): string {
    if (pattern === '') {
      this.search = undefined;
      this.searchStatus.textContent = '';
      this.draw();
      return '';
    }
    try {
      this.search = searchFlameGraph(this.graph, pattern);
    } catch (error) {
      this.search = undefined;
      this.draw();
      // SearchPatternError names the pattern and Go's reason, as the server's answer for `q` does.
      return (error as Error).message;
    }
    const value = this.search.matchedValue;
    this.searchStatus.textContent = `Matched ${flameValueText(this.graph, value)} (${flamePercentText(this.graph, value)} of total)`;
    this.draw();
    return '';
  }

  private view(): FlameView {
    const widthPx = Math.max(this.canvas.parentElement?.clientWidth ?? 0, 300);
    return {
      zoom: this.zoom,
      orientation: 'icicle',
      theme: this.theme,
      highlight: this.search?.highlight,
      hovered: this.hovered,
      widthPx,
      heightPx: Math.min(this.renderer.contentHeightPx(), MAX_CANVAS_HEIGHT_PX),
      scrollTopPx: 0,
    };
  }

  private pointIn(event: MouseEvent): { x: number; y: number } {
    const box = this.canvas.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }

  private onHover(event: MouseEvent | undefined): void {
    const view = this.view();
    const point = event === undefined ? undefined : this.pointIn(event);
    const node = point === undefined ? -1 : this.renderer.hitTest(view, point.x, point.y);
    if (node !== this.hovered) {
      this.hovered = node;
      this.renderer.draw({ ...view, hovered: node });
    }
    if (node < 0 || point === undefined) this.tooltip.hide();
    else this.tooltip.show(this.layout, node, this.zoom, { x: point.x, y: point.y, boundsWidthPx: view.widthPx });
  }

  private onClick(event: MouseEvent): void {
    const point = this.pointIn(event);
    const node = this.renderer.hitTest(this.view(), point.x, point.y);
    if (node < 0) return;
    // Aggregates have no detail in a report to zoom into: their parent is shown instead.
    const target = this.graph.aggregated[node]! > 0 ? this.graph.parent[node]! : node;
    this.setZoom(node === this.zoom ? Math.max(this.graph.parent[node]!, 0) : target);
  }
}
