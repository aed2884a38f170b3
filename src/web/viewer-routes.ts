// The routes of one viewer, registered once at `/` and once under `/ui/` (pprof serves its UI
// there, so pasted pprof links work): the page shell for every view, the bundled assets, the raw
// download, the JSON/binary API the client reads and the Config menu's saved configs.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseQueryOptions, type QueryOptions } from '../query/query-options.js';
import type { SettingsFile } from '../store/index.js';
import { CLIENT_ASSET_NAMES, loadClientAsset } from './client-assets.js';
import { registerConfigRoutes } from './config-routes.js';
import type { DiffBases } from './diff-bases.js';
import { registerExportRoutes } from './export-routes.js';
import { CONTENT_SECURITY_POLICY, VIEW_ROUTES, renderPageShell } from './page-shell.js';
import type { ViewerQueries } from './viewer-queries.js';
import { registerRefineRoutes } from './refine-routes.js';
import { parseZoomPath } from './zoom-path.js';

export interface ViewerRouteContext {
  readonly queries: ViewerQueries;
  /** The captures to diff against, and the queries of a diff (`base`). */
  readonly diffs: DiffBases<ViewerQueries>;
  /** The session's expiry, when the viewer has one, measured now. */
  expiry(): { readonly expiresAt?: string; readonly expiresInMs?: number };
  readonly rawBytes: Uint8Array;
  readonly downloadName: string;
  readonly title: string;
  /** Where the Config menu's saved configs live; undefined: none can be saved. */
  readonly settings: SettingsFile | undefined;
}

function paramsOf(request: FastifyRequest): URLSearchParams {
  const query = request.url.indexOf('?');
  return new URLSearchParams(query < 0 ? '' : request.url.slice(query + 1));
}

function optionsOf(request: FastifyRequest): QueryOptions {
  return parseQueryOptions(paramsOf(request));
}

/** The search pattern (`q`, ours) of a request; "" when there is none. */
function searchOf(request: FastifyRequest): string {
  return paramsOf(request).get('q') ?? '';
}

/** The flame graph's zoom path (`zoom`, ours); empty when unzoomed. */
function zoomOf(request: FastifyRequest): string[] {
  return parseZoomPath(paramsOf(request).get('zoom') ?? '');
}

/** Registers every route under `prefix` ('' or '/ui'). */
export function registerViewerRoutes(app: FastifyInstance, prefix: string, context: ViewerRouteContext): void {
  const page = renderPageShell(context.title);
  const sendPage = async (_request: FastifyRequest, reply: FastifyReply) => {
    // The page is useless without its script: fail here, clearly, rather than with a blank page.
    loadClientAsset('app.js');
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('cache-control', 'no-store')
      .send(page);
  };
  for (const view of VIEW_ROUTES) app.get(`${prefix}/${view}`, sendPage);

  for (const name of CLIENT_ASSET_NAMES) {
    app.get(`${prefix}/assets/${name}`, async (_request, reply) => {
      const asset = loadClientAsset(name);
      return reply.header('content-type', asset.contentType).header('cache-control', 'no-cache').send(asset.body);
    });
  }

  const raw = Buffer.from(context.rawBytes.buffer, context.rawBytes.byteOffset, context.rawBytes.byteLength);
  app.get(`${prefix}/download`, async (_request, reply) =>
    reply
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', `attachment; filename="${context.downloadName}"`)
      .send(raw),
  );

  const { queries } = context;
  /** The capture's queries, or those of its diff when the options name a `base`. */
  const queriesFor = async (options: QueryOptions) => (await context.diffs.diffFor(options)) ?? queries;
  app.get(`${prefix}/api/profile`, async () => ({ ...queries.summary(), ...context.expiry() }));
  app.get(`${prefix}/api/bases`, async () => context.diffs.list());
  app.get(`${prefix}/api/top`, async (request) => {
    const options = optionsOf(request);
    return (await queriesFor(options)).top(options, searchOf(request));
  });
  app.get(`${prefix}/api/flamegraph`, async (request, reply) => {
    const options = optionsOf(request);
    const { body } = (await queriesFor(options)).flameGraph(options, zoomOf(request));
    return reply
      .header('content-type', 'application/octet-stream')
      .send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  });
  app.get(`${prefix}/api/graph`, async (request) => {
    const options = optionsOf(request);
    return (await queriesFor(options)).graph(options, searchOf(request));
  });
  app.get(`${prefix}/api/search`, async (request) => {
    const options = optionsOf(request);
    return (await queriesFor(options)).search(options, searchOf(request), zoomOf(request));
  });
  app.get(`${prefix}/api/peek`, async (request) => {
    const options = optionsOf(request);
    return (await queriesFor(options)).peek(options, searchOf(request));
  });
  app.get(`${prefix}/api/source`, async (request) => {
    const options = optionsOf(request);
    return (await queriesFor(options)).source(options, searchOf(request));
  });
  registerExportRoutes(app, prefix, {
    profileFor: async (options) => (await queriesFor(options)).profile,
    stem: context.downloadName.replace(/\.prof$/, ''),
  });
  registerRefineRoutes(app, prefix, { queries, queriesFor });
  registerConfigRoutes(app, prefix, context.settings);
}
