// The flame graph as a standalone SVG file: the frames the canvas draws at the same zoom and
// orientation, placed by the renderer's own geometry and coloured by its palette, each with a
// <title> giving its full name and values. Every profile string is escaped, so a function name
// with markup stays text in the file.

import { flamePercentText, flameValueText } from '../../flame-values.js';
import type { Theme } from '../theme-name.js';
import { diffTexts } from './diff-values.js';
import { EXPORT_PAGE, LEGEND_LINE_PX, legendHeightPx } from './export-page.js';
import { FONT_FAMILY, ROW_HEIGHT_PX, fitLabel, type FlameGraphRenderer, type FlameView } from './flame-renderer.js';
import { displayNameOf, isAggregate } from './flame-layout.js';
import { aggregateColorsOf } from './frame-colors.js';

/** Beyond this many frames an SVG gets slow to open; the narrowest are left out (and counted). */
export const SVG_FRAME_CAP = 20_000;
/** The width of a 12px monospace character, as browsers lay out DejaVu Sans Mono. */
const CHAR_WIDTH_PX = 7.2;

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Characters XML 1.0 cannot hold at all, not even escaped: C0 controls but tab and line ends, U+FFFE/F. */
function isXmlChar(code: number): boolean {
  return code >= 0x20 ? code !== 0xfffe && code !== 0xffff : code === 0x09 || code === 0x0a || code === 0x0d;
}

/** Text for XML content and attribute values; characters XML cannot hold are dropped. */
export function escapeXml(text: string): string {
  let kept = text;
  for (let i = 0; i < text.length; i++) {
    if (!isXmlChar(text.charCodeAt(i))) {
      kept = Array.from(text, (c) => (isXmlChar(c.charCodeAt(0)) ? c : '')).join('');
      break;
    }
  }
  return kept.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

export interface FlameSvgOptions {
  readonly zoom: number;
  readonly orientation: FlameView['orientation'];
  readonly widthPx: number;
  readonly theme: Theme;
  /** Lines printed above the graph (pprof's legend). */
  readonly legend: readonly string[];
}

const px = (value: number) => (Math.round(value * 100) / 100).toString();

export function renderFlameGraphSvg(renderer: FlameGraphRenderer, options: FlameSvgOptions): string {
  const { graph } = renderer.layout;
  const graphHeight = renderer.contentHeightPx();
  const view: FlameView = {
    zoom: options.zoom,
    orientation: options.orientation,
    theme: options.theme,
    highlight: undefined,
    hovered: -1,
    widthPx: options.widthPx,
    heightPx: graphHeight,
    scrollTopPx: 0,
  };
  const frames = renderer.visibleFrames(view, SVG_FRAME_CAP);
  const colors = EXPORT_PAGE[options.theme];
  const legendHeight = legendHeightPx(options.legend.length + (frames.length === SVG_FRAME_CAP ? 1 : 0));
  const height = legendHeight + graphHeight;
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${px(options.widthPx)}" height="${height}" viewBox="0 0 ${px(options.widthPx)} ${height}" font-family="${escapeXml(FONT_FAMILY)}" font-size="12">`,
    `<title>${escapeXml(options.legend.join('\n') || 'Flame graph')}</title>`,
    `<rect width="100%" height="100%" fill="${colors.page}"/>`,
  ];
  options.legend.forEach((line, i) =>
    out.push(`<text x="4" y="${(i + 1) * LEGEND_LINE_PX}" fill="${colors.text}">${escapeXml(line)}</text>`),
  );
  if (frames.length === SVG_FRAME_CAP) {
    out.push(
      `<text x="4" y="${(options.legend.length + 1) * LEGEND_LINE_PX}" fill="${colors.text}">Only the ${SVG_FRAME_CAP} widest frames are drawn.</text>`,
    );
  }
  out.push(`<g transform="translate(0 ${legendHeight})">`);
  for (const node of frames) {
    const box = renderer.frameBox(view, node);
    const name = displayNameOf(renderer.layout, node);
    const fill = isAggregate(renderer.layout, node)
      ? aggregateColorsOf(options.theme)
      : renderer.colorsOf(node, options.theme);
    const cum = graph.cum[node]!;
    const flat = graph.flat[node]!;
    let values = `cum ${flameValueText(graph, cum)} (${flamePercentText(graph, cum)}), flat ${flameValueText(graph, flat)} (${flamePercentText(graph, flat)})`;
    if (graph.baseCum !== undefined) {
      const texts = diffTexts(graph, cum, graph.baseCum[node]!);
      values = `before ${texts.before}, now ${texts.now}, change ${texts.change} (${texts.relative}); ${values}`;
    }
    const width = box.width > 3 ? box.width - 1 : box.width;
    out.push(
      `<g><title>${escapeXml(`${name}\n${values}`)}</title><rect x="${px(box.x)}" y="${px(box.y)}" width="${px(width)}" height="${box.height}" fill="${fill.normal}"/>`,
    );
    const label = fitLabel(displayNameOf(renderer.layout, node, true), box.width, CHAR_WIDTH_PX);
    if (label !== undefined) {
      out.push(
        `<text x="${px(box.x + 3)}" y="${px(box.y + ROW_HEIGHT_PX / 2 + 4)}" fill="${fill.text}">${escapeXml(label)}</text>`,
      );
    }
    out.push('</g>');
  }
  out.push('</g>', '</svg>', '');
  return out.join('\n');
}
