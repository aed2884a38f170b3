// The Goroutines view's API: `/api/goroutines` (ranked groups of the session's dump; `base`, a
// stored capture of the same target, ranks the groups that grew first).

import type { FastifyInstance } from 'fastify';
import type { GoroutineDumps } from './goroutine-dumps.js';

export function registerGoroutineRoutes(app: FastifyInstance, prefix: string, dumps: GoroutineDumps): void {
  app.get(`${prefix}/api/goroutines`, async (request) => {
    const query = request.url.indexOf('?');
    const params = new URLSearchParams(query < 0 ? '' : request.url.slice(query + 1));
    return dumps.report(params.get('base') ?? '');
  });
}
