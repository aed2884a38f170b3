// The viewer's icon: a small inline SVG (three flame-graph bars) served as /favicon.svg, and at
// /favicon.ico too, which browsers and tools ask for on their own; without it every page load
// logged a 404.

import type { FastifyInstance } from 'fastify';

/** Three stacked bars, widest at the bottom, as a flame graph's root and its children. */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">
<rect x="0" y="11" width="16" height="5" rx="1" fill="#d9480f"/>
<rect x="0" y="6" width="11" height="4" rx="1" fill="#f08c00"/>
<rect x="0" y="1" width="6" height="4" rx="1" fill="#fab005"/>
</svg>
`;

const FAVICON_BYTES = Buffer.from(FAVICON_SVG, 'utf8');

/** Registers `/favicon.svg` and `/favicon.ico` (the same SVG: browsers read it by its type) under `prefix`. */
export function registerFaviconRoutes(app: FastifyInstance, prefix: string): void {
  for (const name of ['favicon.svg', 'favicon.ico']) {
    app.get(`${prefix}/${name}`, async (_request, reply) =>
      reply.header('content-type', 'image/svg+xml').header('cache-control', 'max-age=86400').send(FAVICON_BYTES),
    );
  }
}
