// A session of several replicas (the same profile type captured from every pod of a Deployment):
// each replica's own viewer under `/replica/NAME/` (every view, parameter and export of the
// session, on that replica alone), and `/api/replicas`, the ranking the Replicas view draws.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseQueryOptions, rankReplicas, replicaTopOptions, type ReplicaReport } from '../query/index.js';
import type { QueryService } from './query-service.js';
import type { ReplicaSetModel } from './view-models.js';

/** A replica's name: a pod name or a file's stem, safe in a URL path as it is. */
export const REPLICA_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;

/** Where a replica's own viewer lives under a session prefix ('' or '/ui'). */
export function replicaPrefix(prefix: string, name: string): string {
  return `${prefix}/replica/${name}`;
}

/** The replica set as the page learns it from `/api/profile`: its names, and the one shown. */
export function replicaSetModel(names: readonly string[], current?: string): ReplicaSetModel {
  return current === undefined ? { names } : { names, current };
}

/** Ranks the replicas on the request's options, each replica's Top asked where its queries run. */
export async function queryReplicaReport(
  replicas: readonly { readonly name: string; readonly service: QueryService }[],
  request: FastifyRequest,
): Promise<ReplicaReport> {
  const query = request.url.indexOf('?');
  const options = parseQueryOptions(new URLSearchParams(query < 0 ? '' : request.url.slice(query + 1)));
  // As computeReplicaTop, each Top asked where the replica's queries run (and cached there).
  const tops = await Promise.all(
    replicas.map(async ({ name, service }) => {
      const shown = await service.top(options, '');
      const { rows } = await service.top(replicaTopOptions(options, shown.outputUnit), '');
      return { name, total: shown.total, totalText: shown.totalText, rows };
    }),
  );
  return rankReplicas(tops);
}

/** `GET {prefix}/api/replicas` for the session's root prefixes. */
export function registerReplicaReportRoute(
  app: FastifyInstance,
  prefix: string,
  replicas: readonly { readonly name: string; readonly service: QueryService }[],
): void {
  app.get(`${prefix}/api/replicas`, async (request) => queryReplicaReport(replicas, request));
}
