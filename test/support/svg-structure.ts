// The structure of a Graphviz SVG, for comparing two layouts of the same DOT graph: one line per
// node, edge and cluster with its title, tooltips, colours, line style, font sizes and texts,
// sorted. Coordinates and ids are left out: they belong to the layout engine.

const ELEMENT =
  /<g id="[^"]*" class="(node|edge|cluster)">([\s\S]*?)(?=<g id="[^"]*" class="(?:node|edge|cluster)">|<\/svg>)/g;

function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&nbsp;', '\u00a0')
    .replaceAll('&amp;', '&');
}

const all = (pattern: RegExp, text: string) => [...text.matchAll(pattern)].map((match) => decodeEntities(match[1]!));

/** One sorted line per node, edge and cluster of `svg`, joined by newlines. */
export function svgStructure(svg: string): string {
  const lines: string[] = [];
  for (const [, kind, body] of svg.matchAll(ELEMENT)) {
    const title = all(/<title>([\s\S]*?)<\/title>/g, body!).join('');
    const tooltips = [...new Set(all(/xlink:title="([^"]*)"/g, body!))];
    const fills = all(/<(?:polygon|ellipse|path)[^>]*\sfill="([^"]*)"/g, body!);
    const strokes = all(/<(?:polygon|ellipse|path)[^>]*\sstroke="([^"]*)"/g, body!);
    const dashes = all(/stroke-dasharray="([^"]*)"/g, body!);
    const fontSizes = [...new Set(all(/font-size="([^"]*)"/g, body!))];
    const texts = all(/<text[^>]*>([\s\S]*?)<\/text>/g, body!);
    lines.push(
      [
        kind,
        `title=${JSON.stringify(title)}`,
        `tooltips=${JSON.stringify(tooltips)}`,
        `fill=${[...new Set(fills)].join(',')}`,
        `stroke=${[...new Set(strokes)].join(',')}`,
        `dash=${dashes.join(',')}`,
        `font=${fontSizes.join(',')}`,
        `texts=${JSON.stringify(texts)}`,
      ].join(' '),
    );
  }
  return `${lines.sort().join('\n')}\n`;
}
