// The viewer's server-side exports, each for the current refine state (the same URL parameters as
// the views): the profile as filtered, gzipped profile.proto that `go tool pprof` opens, and
// folded stacks of the shown sample type. (The raw capture is `/download`; the flame graph's SVG
// and PNG are drawn in the browser from the canvas's own layout.)

import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseQueryOptions, type QueryOptions } from '../query/index.js';
import type { QueryService } from './query-service.js';

export interface ExportRouteContext {
  /** The session's queries (they export the capture, or its diff against `base`). */
  readonly service: QueryService;
  /** The stored file's name without `.prof`, e.g. `default.demo.Heap`. */
  readonly stem: string;
}

/** File names keep to letters, digits, `.`, `_` and `-` (they go into a header). */
function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_');
}

function optionsOf(request: FastifyRequest): QueryOptions {
  const query = request.url.indexOf('?');
  return parseQueryOptions(new URLSearchParams(query < 0 ? '' : request.url.slice(query + 1)));
}

/** Registers `/download/filtered` and `/download/folded` under `prefix` ('' or '/ui'). */
export function registerExportRoutes(app: FastifyInstance, prefix: string, context: ExportRouteContext): void {
  app.get(`${prefix}/download/filtered`, async (request, reply) => {
    const bytes = await context.service.filteredProfile(optionsOf(request));
    return reply
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', `attachment; filename="${safeName(context.stem)}.filtered.pb.gz"`)
      .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });

  app.get(`${prefix}/download/folded`, async (request, reply) => {
    // Started before the first byte is sent, so a bad option is still a 400 rather than a cut body.
    const { sampleType, chunks } = await context.service.foldedStacks(optionsOf(request));
    const body = Readable.from(chunks);
    return reply
      .header('content-type', 'text/plain; charset=utf-8')
      .header('content-disposition', `attachment; filename="${safeName(`${context.stem}.${sampleType}`)}.folded.txt"`)
      .send(body);
  });
}
