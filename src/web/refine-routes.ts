// The API routes of the refine menus and the pivot: `/api/pivot` (one side of a pivoted flame
// graph: the callers, inverted, or the callees of the `p` frames), `/api/labels` (the label
// menu, from the engine's computeTags) and `/api/presets` (the Go presets of this profile).

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseQueryOptions } from '../query/index.js';
import type { QueryService } from './query-service.js';
import { PIVOT_PARTS, type PivotPart } from './refine-queries.js';
import { ViewerRequestError } from './viewer-errors.js';
import { sendJson } from './send-json.js';

function paramsOf(request: FastifyRequest): URLSearchParams {
  const query = request.url.indexOf('?');
  return new URLSearchParams(query < 0 ? '' : request.url.slice(query + 1));
}

function pivotPartOf(params: URLSearchParams): PivotPart {
  const part = params.get('part') ?? '';
  if (!(PIVOT_PARTS as readonly string[]).includes(part)) {
    throw new ViewerRequestError('part', 'pivot flame graph', `part ${JSON.stringify(part)} is not callers or callees`);
  }
  return part as PivotPart;
}

/** Registers the refine routes under `prefix` ('' or '/ui'). */
export function registerRefineRoutes(app: FastifyInstance, prefix: string, service: QueryService): void {
  app.get(`${prefix}/api/pivot`, async (request, reply) => {
    const params = paramsOf(request);
    const body = await service.pivot(parseQueryOptions(params), pivotPartOf(params));
    return reply
      .header('content-type', 'application/octet-stream')
      .send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  });
  app.get(`${prefix}/api/labels`, async (request, reply) =>
    sendJson(reply, await service.json('labels', parseQueryOptions(paramsOf(request)))),
  );
  app.get(`${prefix}/api/presets`, async (_request, reply) => sendJson(reply, await service.json('presets')));
}
