// The routes of one viewer, registered once at `/` and once under `/ui/` (pprof serves its UI
// there, so pasted pprof links work): the page shell for every view, the bundled assets, the raw
// download, the JSON/binary API the client reads and the Config menu's saved configs.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseQueryOptions, type QueryOptions } from '../query/index.js';
import type { SettingsFile } from '../store/index.js';
import { acceptsGzip, CLIENT_ASSET_NAMES, loadClientAsset } from './client-assets.js';
import { registerConfigRoutes } from './config-routes.js';
import { registerExportRoutes } from './export-routes.js';
import { registerFaviconRoutes } from './favicon.js';
import { CONTENT_SECURITY_POLICY, renderPageShell } from './page-shell.js';
import { VIEW_ROUTES } from './page-routes.js';
import type { QueryService } from './query-service.js';
import { registerRefineRoutes } from './refine-routes.js';
import { isWellFormedZoomPath, parseZoomPath } from './zoom-path.js';
import { variantOfParams, type FlameGraphVariant } from './flame-graph-variant.js';
import { ViewerRequestError } from './viewer-errors.js';
import { sendJson } from './send-json.js';
import type { BundleSetModel, CaptureWindow, ReplicaSetModel } from './view-models.js';
import type { GoroutineDumps } from './goroutine-dumps.js';
import { registerGoroutineRoutes } from './goroutine-routes.js';

export interface ViewerRouteContext {
  /** The session's queries, in this thread or in the session's worker. */
  readonly service: QueryService;
  /** The session's expiry, when the viewer has one, measured now. */
  expiry(): { readonly expiresAt?: string; readonly expiresInMs?: number };
  readonly rawBytes: Uint8Array;
  readonly downloadName: string;
  readonly title: string;
  /** Where the Config menu's saved configs live; undefined: none can be saved. */
  readonly settings: SettingsFile | undefined;
  /** Who shares them (`namespace team-a`), said in the Config menu; undefined for the user's own file. */
  readonly settingsScope?: string;
  /** In a session of several replicas, their names and the one these routes show (replica-routes.ts). */
  readonly replicaSet?: ReplicaSetModel;
  /** The shown capture's preflight advice (the details panel's Advice column). */
  readonly advice?: readonly string[];
  /** The capture's goroutine dump, when one is stored beside it: the Goroutines view (goroutine-dumps.ts). */
  readonly goroutines?: GoroutineDumps;
  /** A delta capture's window, told to the page with the summary. */
  readonly window?: CaptureWindow;
  /** In a bundle session, its profiles and the one these routes show (bundle-routes.ts). */
  readonly profileSet?: BundleSetModel;
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
  const zoom = paramsOf(request).get('zoom') ?? '';
  if (!isWellFormedZoomPath(zoom)) {
    throw new ViewerRequestError('zoom', `zoom into ${JSON.stringify(zoom)}`, 'a "\\" must escape a ";" or a "\\"');
  }
  return parseZoomPath(zoom);
}

/** The flame graph's variant (`leaf`, `detail`; ours): the default graph unless asked. */
function variantOf(request: FastifyRequest): FlameGraphVariant {
  return variantOfParams(paramsOf(request));
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
  // The Replicas view only where its ranking is: the root of a session of several replicas.
  const ranksReplicas = context.replicaSet !== undefined && context.replicaSet.current === undefined;
  for (const view of VIEW_ROUTES) {
    if (view === 'goroutines' && context.goroutines === undefined) continue;
    if (view !== 'replicas' || ranksReplicas) app.get(`${prefix}/${view}`, sendPage);
  }

  for (const name of CLIENT_ASSET_NAMES) {
    app.get(`${prefix}/assets/${name}`, async (request, reply) => {
      const asset = loadClientAsset(name);
      reply
        .header('content-type', asset.contentType)
        .header('cache-control', 'no-cache')
        .header('vary', 'accept-encoding');
      if (!acceptsGzip(request.headers['accept-encoding'])) return reply.send(asset.body);
      return reply.header('content-encoding', 'gzip').send(asset.gzipped);
    });
  }

  registerFaviconRoutes(app, prefix);

  const raw = Buffer.from(context.rawBytes.buffer, context.rawBytes.byteOffset, context.rawBytes.byteLength);
  app.get(`${prefix}/download`, async (_request, reply) =>
    reply
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', `attachment; filename="${context.downloadName}"`)
      .send(raw),
  );

  const { service } = context;
  app.get(`${prefix}/api/profile`, async () => ({
    ...(await service.summary()),
    ...context.expiry(),
    ...(context.replicaSet === undefined ? {} : { replicas: context.replicaSet }),
    ...(context.advice === undefined || context.advice.length === 0 ? {} : { advice: context.advice }),
    ...goroutineDumpSummaryOf(context.goroutines),
    ...(context.window === undefined ? {} : { window: context.window }),
    ...(context.profileSet === undefined ? {} : { profiles: context.profileSet }),
  }));
  app.get(`${prefix}/api/bases`, async (_request, reply) => sendJson(reply, await service.json('bases')));
  app.get(`${prefix}/api/top`, async (request, reply) =>
    sendJson(reply, await service.json('top', optionsOf(request), searchOf(request))),
  );
  app.get(`${prefix}/api/flamegraph`, async (request, reply) => {
    const body = await service.flameGraph(optionsOf(request), zoomOf(request), variantOf(request));
    return reply
      .header('content-type', 'application/octet-stream')
      .send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  });
  app.get(`${prefix}/api/graph`, async (request, reply) =>
    sendJson(reply, await service.json('graph', optionsOf(request), searchOf(request))),
  );
  app.get(`${prefix}/api/search`, async (request, reply) =>
    sendJson(
      reply,
      await service.json('search', optionsOf(request), searchOf(request), zoomOf(request), variantOf(request)),
    ),
  );
  app.get(`${prefix}/api/peek`, async (request, reply) =>
    sendJson(reply, await service.json('peek', optionsOf(request), searchOf(request))),
  );
  app.get(`${prefix}/api/source`, async (request, reply) =>
    sendJson(reply, await service.json('source', optionsOf(request), searchOf(request))),
  );
  registerExportRoutes(app, prefix, { service, stem: context.downloadName.replace(/\.prof$/, '') });
  registerRefineRoutes(app, prefix, service);
  registerConfigRoutes(app, prefix, context.settings, context.settingsScope);
  if (context.goroutines !== undefined) registerGoroutineRoutes(app, prefix, context.goroutines);
}

/** The summary's word on the Goroutines view: a dump to show, or why there is none. */
function goroutineDumpSummaryOf(goroutines: GoroutineDumps | undefined): {
  goroutineDump?: true;
  goroutineDumpError?: string;
} {
  if (goroutines === undefined) return {};
  const reason = goroutines.missingReason;
  return reason === undefined ? { goroutineDump: true } : { goroutineDumpError: reason };
}
