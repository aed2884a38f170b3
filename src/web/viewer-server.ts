// Serves one capture's viewer on a port of its own: the page routes of pprof's web UI (at `/` and
// under `/ui/`), the bundled client and the API it reads. The app is built apart from listening,
// so tests answer requests with inject() and no port.

import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Profile } from '../pprof/index.js';
import { errorResponseOf } from './viewer-errors.js';
import type { GraphLayoutSettings } from './call-graph-view.js';
import { DEFAULT_QUERY_OPTIONS } from '../query/index.js';
import type { SourceFiles } from './source-files.js';
import { GRAPH_LAYOUT_TIME_LIMIT_MS, sharedGraphLayout } from './graph-layout.js';
import { InProcessQueryService, type QueryService } from './query-service.js';
import { sharedQueryPool, type QueryPool } from './query-pool.js';
import { summarizeDecodedProfile } from './query-pool-messages.js';
import { registerViewerRoutes, type ViewerRouteContext } from './viewer-routes.js';
import { SettingsFile } from '../store/index.js';
import { namespaceSettingsFile } from './capture-namespace.js';
import { viewerHttpOptions } from './viewer-http-options.js';
import { registerViewerGuards, type ViewerAccess } from './viewer-guards.js';
import { listenOnViewerPort, type ViewerPortRange } from './viewer-ports.js';
import { hiddenPathsOf } from './hidden-paths.js';
import { registerReplicaReportRoute, replicaPrefix, replicaSetModel } from './replica-routes.js';
import type { GoroutineDumpReader } from './goroutine-dump-reader.js';
import { GoroutineDumps, goroutineDumpPathOf } from './goroutine-dumps.js';
import { bundlePrefix, bundleSetModel, redirectProfileParameter, type BundleProfileService } from './bundle-routes.js';
import type { CaptureWindow } from './view-models.js';

/** What a viewer shows besides its queries: the capture's facts and raw bytes. */
export interface ViewerCaptureFacts {
  /** The bytes exactly as fetched (what `/download` serves). */
  readonly rawBytes: Uint8Array;
  /** The stored file's path relative to the data root, e.g. `profilers/go/pprof/.../default.x.Heap.prof`. */
  readonly file: string;
  /** The profile type as requested, canonical spelling (`Heap`, `Profile`, ...). */
  readonly type: string;
  readonly source: string;
  readonly capturedAt: Date;
  /**
   * The data root the capture is stored under (set by the processor): store's `listCaptures(dataRoot)`
   * lists every capture, this one's sidecar included (match on `file`), to pick a diff base.
   */
  readonly dataRoot?: string;
  /** When the session closes (set by the processor): the details panel counts down to it. */
  readonly expiresAt?: Date;
  /**
   * The capture's namespace (capture-namespace.ts; set by the processor): its saved configs are
   * that namespace's. Its diff bases are scoped by its own sidecar.
   */
  readonly namespace?: string;
  /** Preflight advice on the capture (query/advice/), one sentence each: the details panel lists it. */
  readonly advice?: readonly string[];
  /**
   * The capture's goroutine dump (`debug=2` text): relative to the data root (the sidecar's
   * `goroutineDump`), absolute without one. Default: `<stem>.debug2.txt` beside the stored capture.
   */
  readonly goroutineDump?: string;
  /**
   * Why the capture has no goroutine dump when it was to have one (the sidecar's
   * `goroutineDumpError`): its Goroutines view says so.
   */
  readonly goroutineDumpError?: string;
  /** A delta capture's window (the details and the header say "during N s"). */
  readonly window?: CaptureWindow;
  /**
   * A bundle's profiles (issue 10), each served under `/profile/NAME/` and switched between in the
   * header; the capture itself is the first of them, served at the root too.
   */
  readonly profiles?: readonly BundleProfileCapture[];
}

/** One profile of a bundle session: its name (`cpu`, `heap`...) and its capture. */
export interface BundleProfileCapture {
  readonly name: string;
  readonly capture: ViewerCapture;
}

/** A capture decoded in this thread (`go-profiler view`, tests). */
export interface DecodedCapture extends ViewerCaptureFacts {
  readonly profile: Profile;
}

/** A capture already opened in a query pool (every processor session, decoded in its worker). */
export interface PooledCapture extends ViewerCaptureFacts {
  /** The session's queries; the viewer closes the service when it closes. */
  readonly service: QueryService;
}

/** One capture a viewer shows. */
export type ViewerCapture = DecodedCapture | PooledCapture;

/**
 * One replica of a session that shows several (replica-routes.ts): its name (REPLICA_NAME_PATTERN,
 * unique in the session) in the Replicas view and in its viewer's path, `/replica/NAME/`.
 */
export interface NamedReplica {
  readonly name: string;
  readonly capture: ViewerCapture;
}

export interface ViewerAppOptions {
  /** The clock the expiry is measured with (the session manager's); default Date.now. */
  readonly now?: () => number;
  /** Who lays out call graphs, and for how long; default the process's shared worker, 10 s. */
  readonly graphLayout?: GraphLayoutSettings;
  /** Who parses the session's goroutine dump; default the process's dump workers (goroutine-dump-reader.ts). */
  readonly goroutineDumpReader?: GoroutineDumpReader;
  /**
   * Build the view a user opens first (`/`, the flame graph on default options) as soon as the
   * server listens, while the capture's answer travels and the user clicks: first paint then
   * does not wait for the query. A session answered in this thread builds it before listening
   * instead, so that the build never holds up the page's HTML. Default false (tests inject
   * requests and want no stray work).
   */
  readonly warmDefaultView?: boolean;
  /**
   * The settings file of the Config menu's saved configs; default the capture's namespace's,
   * `<dataRoot>/go-profiler/configs/<namespace>.json`, when the capture has a data root and a
   * namespace, else none (configs cannot be saved).
   */
  readonly settingsFile?: string;
  /**
   * Who the viewer answers (`Host`, token; viewer-guards.ts); startViewerServer sets it. Without,
   * any Host is answered (requests injected in tests have no port).
   */
  readonly access?: ViewerAccess;
  /**
   * A request's headers and body must arrive within this (SPEC §5's SLOW_CLIENT_TIMEOUT_MS, passed
   * by the processor and the CLI), else 408; default Node's own limits (viewer-http-options.ts).
   */
  readonly slowClientTimeoutMs?: number;
  /**
   * Source files the Source view may show (`go-profiler view --source-path`); default none, as
   * for every processor session: the view then lists weighted line numbers only.
   */
  readonly sources?: SourceFiles;
  /**
   * Where the queries of a capture given decoded (`profile`) run: `worker`, in a query pool's
   * worker thread; `in-process`, this thread; `auto`, a worker for a profile whose typed arrays
   * exceed QUERY_WORKER_MIN_BYTES. Default: the GO_PROFILER_QUERY_WORKER environment variable (the
   * test suite runs the route tests once more with `worker`), else `in-process` here and `auto` in
   * startViewerServer. A capture given with its `service` (the processor's) runs where it was opened.
   */
  readonly queryWorker?: QueryWorkerMode;
  /** The pool a `worker` session goes to; default the process's shared pool (no query time limit). */
  readonly queryPool?: QueryPool;
  /**
   * Hand the decoded profile over to the worker (its buffers are transferred: the caller must not
   * use the profile afterwards) rather than copy it. Default false; startViewerServer's default true.
   */
  readonly handOverProfile?: boolean;
  /**
   * Where the viewer logs its failures: a 5xx with its error, a 4xx at debug. Request lines are not
   * logged (a click makes dozens, and a URL may carry the viewer's token). Default: no logs.
   */
  readonly logger?: FastifyBaseLogger;
  /** Told of every answer: the matched route's pattern (undefined when none matched) and the status. */
  readonly countRequest?: (route: string | undefined, statusCode: number) => void;
  /**
   * The replicas the session's capture merges (`go-profiler view --replicas`): each served under
   * `/replica/NAME/`, ranked by `/api/replicas`. Default none (a session of one capture).
   */
  readonly replicas?: readonly NamedReplica[];
}

export type QueryWorkerMode = 'auto' | 'worker' | 'in-process';

/**
 * Profiles given decoded above this many bytes of typed arrays (heap-large's 95 MB, ~540k samples)
 * go to a query worker in `auto` mode (`go-profiler view`): their heavy queries take seconds. Below
 * it, the local viewer's one user waits no longer than the query itself.
 */
export const QUERY_WORKER_MIN_BYTES = 32 * 1024 * 1024;

export interface ViewerServerOptions extends ViewerAppOptions {
  readonly capture: ViewerCapture;
  /** Address to bind. */
  readonly host: string;
  /** Port to bind; by default (and for every processor session) 0: the OS picks one, read back. */
  readonly port?: number;
  /** `--viewer-ports`: listen on the first free port of this range (viewer-ports.ts). */
  readonly ports?: ViewerPortRange;
  /** A restored session's old port, asked first; taken, any other (viewer-ports.ts). */
  readonly preferredPort?: number;
  /** Ports a range leaves to sessions being restored. */
  readonly avoidPorts?: ReadonlySet<number>;
  /** `--viewer-auth token`: the token the viewer asks for (createViewerToken); default none. */
  readonly token?: string;
}

export interface ViewerServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Builds the viewer's routes without listening, so tests can `inject()` requests. */
export function buildViewerApp(capture: ViewerCapture, options: ViewerAppOptions = {}): FastifyInstance {
  // At expiry every connection goes, busy ones too: an open socket would keep the profile in memory.
  const app = Fastify({
    ...(options.logger === undefined
      ? { logger: false }
      : { loggerInstance: options.logger, logController: new LogController({ disableRequestLogging: true }) }),
    forceCloseConnections: true,
    ...viewerHttpOptions(options.slowClientTimeoutMs),
  });
  const { countRequest } = options;
  // Every answer: the guards' refusals and the 404s too.
  if (countRequest !== undefined) {
    app.addHook('onResponse', async (request, reply) => countRequest(request.routeOptions.url, reply.statusCode));
  }
  registerViewerGuards(app, options.access);
  const now = options.now ?? Date.now;
  const settingsFile =
    options.settingsFile ??
    (capture.dataRoot === undefined || capture.namespace === undefined
      ? undefined
      : namespaceSettingsFile(capture.dataRoot, capture.namespace));
  const hiddenPaths = hiddenPathsOf({ dataRoot: capture.dataRoot, settingsFile });
  const service = queryServiceOf(capture, options);
  app.addHook('onClose', () => service.close());
  const replicas = (options.replicas ?? []).map(({ name, capture: replica }) => {
    const replicaService = queryServiceOf(replica, options);
    app.addHook('onClose', () => replicaService.close());
    return { name, capture: replica, service: replicaService };
  });
  const names = replicas.map((replica) => replica.name);
  const bundle = bundleServices(app, capture, service, options);
  // One instance: the Config menu of every replica writes the same file through it.
  const settings = settingsFile === undefined ? undefined : new SettingsFile(settingsFile);
  const contextOf = (shown: ViewerCapture, shownService: QueryService, current?: string): ViewerRouteContext => ({
    service: shownService,
    expiry: () =>
      capture.expiresAt === undefined
        ? {}
        : { expiresAt: capture.expiresAt.toISOString(), expiresInMs: Math.max(capture.expiresAt.getTime() - now(), 0) },
    rawBytes: shown.rawBytes,
    downloadName: shown.file.split('/').pop() || 'profile.pb.gz',
    title: `${shown.type} profile${current === undefined ? '' : ` · ${current}`} · go-profiler`,
    settings,
    ...(options.settingsFile === undefined && capture.namespace !== undefined
      ? { settingsScope: `namespace ${capture.namespace}` }
      : {}),
    ...(replicas.length === 0 ? {} : { replicaSet: replicaSetModel(names, current) }),
    ...(shown.advice === undefined ? {} : { advice: shown.advice }),
    ...(shown.window === undefined ? {} : { window: shown.window }),
    ...(bundle.length === 0 ? {} : { profileSet: bundleSetModel(bundle, current ?? bundle[0]!.name) }),
  });
  const withGoroutines = (shown: ViewerCapture, shownContext: ViewerRouteContext): ViewerRouteContext => {
    const goroutines = goroutineDumpsOf(shown, options.goroutineDumpReader);
    return goroutines === undefined ? shownContext : { ...shownContext, goroutines };
  };
  const context = withGoroutines(capture, contextOf(capture, service));
  // A bundle's goroutine profile has the Goroutines view of the bundle's dump (bundle-capture.ts).
  const partContexts = bundle.map((part) =>
    withGoroutines(part.capture, contextOf(part.capture, part.service, part.name)),
  );
  if (bundle.length > 0) redirectProfileParameter(app, bundle);
  for (const prefix of ['', '/ui']) {
    registerViewerRoutes(app, prefix, context);
    bundle.forEach((part, index) => registerViewerRoutes(app, bundlePrefix(prefix, part.name), partContexts[index]!));
    if (replicas.length > 0) registerReplicaReportRoute(app, prefix, replicas);
    for (const replica of replicas) {
      registerViewerRoutes(
        app,
        replicaPrefix(prefix, replica.name),
        contextOf(replica.capture, replica.service, replica.name),
      );
    }
  }
  // pprof's links start at /ui (no slash); keep the query when sending them to the flame graph.
  app.get('/ui', async (request, reply) => {
    const query = request.url.indexOf('?');
    return reply.redirect(`/ui/${query < 0 ? '' : request.url.slice(query)}`);
  });
  app.setNotFoundHandler(async (request, reply) =>
    reply.code(404).send({ error: `find ${request.method} ${request.url.split('?')[0]}: no such page in this viewer` }),
  );
  app.setErrorHandler(async (error, request, reply) => {
    const { statusCode, body, retryAfterSeconds } = errorResponseOf(error, hiddenPaths);
    // The route's pattern, not the URL: a URL may carry the viewer's token.
    const route = { method: request.method, route: request.routeOptions.url, status: statusCode };
    if (statusCode >= 500) request.log.error({ ...route, err: error }, 'viewer request failed');
    else request.log.debug({ ...route, error: body.error }, 'viewer request refused');
    if (retryAfterSeconds !== undefined) reply.header('retry-after', String(retryAfterSeconds));
    return reply.code(statusCode).send(body);
  });
  if (options.warmDefaultView === true) warmDefaultView(app, service);
  return app;
}

/**
 * The Goroutines view's dumps when one is stored beside the capture (goroutine-dumps.ts), or when
 * the capture says why it has none: the view then says so.
 */
function goroutineDumpsOf(capture: ViewerCapture, reader?: GoroutineDumpReader): GoroutineDumps | undefined {
  // The facts only: holding the capture would hold its decoded profile for the session's life.
  const { file, type, source, dataRoot, goroutineDump, goroutineDumpError } = capture;
  const facts = {
    file,
    type,
    source,
    ...(dataRoot === undefined ? {} : { dataRoot }),
    ...(goroutineDump === undefined ? {} : { goroutineDump }),
    ...(goroutineDumpError === undefined ? {} : { goroutineDumpError }),
  };
  const dumpPath = goroutineDumpPathOf(facts);
  if (dumpPath === undefined && goroutineDumpError === undefined) return undefined;
  return new GoroutineDumps(facts, dumpPath, reader);
}

/** A bundle's profiles with their query services (the first is the root's own); closed with the app. */
function bundleServices(
  app: FastifyInstance,
  capture: ViewerCapture,
  rootService: QueryService,
  options: ViewerAppOptions,
): BundleProfileService[] {
  return (capture.profiles ?? []).map(({ name, capture: part }, index) => {
    if (index === 0) return { name, capture: part, service: rootService };
    const partService = queryServiceOf(part, options);
    app.addHook('onClose', () => partService.close());
    return { name, capture: part, service: partService };
  });
}

function queryWorkerModeOf(options: ViewerAppOptions, fallback: QueryWorkerMode = 'in-process'): QueryWorkerMode {
  const mode = options.queryWorker ?? process.env.GO_PROFILER_QUERY_WORKER ?? fallback;
  if (mode === 'auto' || mode === 'worker' || mode === 'in-process') return mode;
  throw new Error(`start viewer: GO_PROFILER_QUERY_WORKER=${mode} is not auto, worker or in-process`);
}

/** The session's queries: the capture's own service, else in a pool worker (a large profile, or when asked) or here. */
function queryServiceOf(capture: ViewerCapture, options: ViewerAppOptions): QueryService {
  if ('service' in capture) return capture.service;
  const graphLayout = options.graphLayout ?? { layout: sharedGraphLayout, timeLimitMs: GRAPH_LAYOUT_TIME_LIMIT_MS };
  const mode = queryWorkerModeOf(options);
  const { profile } = capture;
  if (
    mode === 'in-process' ||
    (mode === 'auto' && summarizeDecodedProfile(profile).decodedBytes <= QUERY_WORKER_MIN_BYTES)
  ) {
    // The app is the session: its layouts take turns with other sessions'.
    return new InProcessQueryService(profile, capture, { owner: {}, ...graphLayout }, options.sources);
  }
  const { file, type, source, capturedAt, dataRoot } = capture;
  return (options.queryPool ?? sharedQueryPool()).adopt(
    profile,
    capture.rawBytes,
    { file, type, source, capturedAt, ...(dataRoot === undefined ? {} : { dataRoot }) },
    {
      graphLayout,
      handOver: options.handOverProfile ?? false,
      ...(options.sources === undefined ? {} : { sources: options.sources }),
    },
  );
}

function warmDefaultView(app: FastifyInstance, service: QueryService): void {
  if (service instanceof InProcessQueryService) {
    // Built in this thread after listening, it would hold up the page's HTML: build it before.
    app.addHook('onReady', async () => {
      await service.flameGraph(DEFAULT_QUERY_OPTIONS, []).catch(() => undefined);
    });
    return;
  }
  let warming: NodeJS.Immediate | undefined;
  app.addHook('onListen', async () => {
    warming = setImmediate(() => {
      // The view's own request meets the same failure and reports it to the user.
      service.flameGraph(DEFAULT_QUERY_OPTIONS, []).catch(() => undefined);
    });
  });
  app.addHook('onClose', async () => clearImmediate(warming));
}

export async function startViewerServer(options: ViewerServerOptions): Promise<ViewerServer> {
  const app = buildViewerApp(options.capture, {
    warmDefaultView: true,
    queryWorker: queryWorkerModeOf(options, 'auto'),
    handOverProfile: true,
    ...options,
    access: { advertisedHost: options.host, ...(options.token === undefined ? {} : { token: options.token }) },
  });
  let port: number;
  try {
    const { port: asked, preferredPort, avoidPorts } = options;
    port = await listenOnViewerPort(app, options.host, options.ports, { port: asked, preferredPort, avoidPorts });
  } catch (error) {
    await app.close(); // its query worker, if any
    throw error;
  }
  return { port, close: () => app.close() };
}
