// The viewer's server-side exports, each for the current refine state (the same URL parameters as
// the views): the profile as filtered, gzipped profile.proto that `go tool pprof` opens, and
// folded stacks of the shown sample type. (The raw capture is `/download`; the flame graph's SVG
// and PNG are drawn in the browser from the canvas's own layout.)

import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { encodeProfile, type Profile } from '../pprof/index.js';
import { filterProfile, formatFoldedStacks, resolveSampleIndex } from '../query/index.js';
import { parseQueryOptions, type QueryOptions } from '../query/query-options.js';

export interface ExportRouteContext {
  /** The profile the views show for these options (the capture, or its diff against `base`). */
  profileFor(options: QueryOptions): Promise<Profile>;
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
    const options = optionsOf(request);
    const profile = await context.profileFor(options);
    const bytes = encodeProfile(filterProfile(profile, options));
    return reply
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', `attachment; filename="${safeName(context.stem)}.filtered.pb.gz"`)
      .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });

  app.get(`${prefix}/download/folded`, async (request, reply) => {
    const options = optionsOf(request);
    const profile = await context.profileFor(options);
    const sampleType = profile.sampleTypes[resolveSampleIndex(profile, options.sampleIndex)]!;
    // Started before the first byte is sent, so a bad option is still a 400 rather than a cut body.
    const lines = formatFoldedStacks(profile, options);
    const first = lines.next();
    const body = Readable.from(
      (function* () {
        if (first.done !== true) yield first.value;
        yield* lines;
      })(),
    );
    return reply
      .header('content-type', 'text/plain; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="${safeName(`${context.stem}.${sampleType.type}`)}.folded.txt"`,
      )
      .send(body);
  });
}
