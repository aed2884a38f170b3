// Starts the processor: the session manager, the Secret reader and the API on its listen
// address; `close()` stops taking requests and closes every viewer (what SIGTERM does).

import { GoProfilerError } from '../errors/index.js';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import {
  createKubernetesSecretReader,
  createTargetPolicy,
  interfaceAddresses,
  type ResolveHost,
  type SecretReader,
  type TargetPolicy,
} from '../fetch/index.js';
import { SessionManager, systemClock, type Clock, type SessionInfo } from '../session/index.js';
import { QueryPool, type QueryPoolOptions } from '../web/query-pool.js';
import { startViewerServer } from '../web/viewer-server.js';
import { CaptureAdmission } from './capture-admission.js';
import { DataRootUsage } from './data-root-usage.js';
import type { StartViewer } from './capture-profile.js';
import { startCaptureSweeps } from './capture-sweeps.js';
import { formatUrlHost } from './endpoint-sentence.js';
import { defaultProfileBudgetBytes, readMemoryLimit } from './memory-budget.js';
import { buildProcessorApp } from './processor-app.js';
import { ProcessorMetrics } from './processor-metrics.js';
import { SessionJournal } from './session-journal.js';
import { restoreSessions, type RestoreOutcome } from './session-restore.js';
import { OfflineReportWriter } from '../web/report/offline-report-writer.js';
import {
  ALLOWED_SOURCES_ANNOTATION,
  DEFAULT_TRUST_SETTINGS,
  SLOW_CLIENT_TIMEOUT_MS,
  type TrustSettings,
} from './processor-limits.js';

export interface ProcessorConfig {
  readonly listenHost: string;
  /** 0 = a free port, read back into RunningProcessor.port. */
  readonly listenPort: number;
  readonly advertiseAddress: string;
  readonly dataRoot: string;
  /**
   * `--kubeconfig`, for the Secret reader and captures by pod reference; when unset: KUBECONFIG,
   * in-cluster, ~/.kube/config.
   */
  readonly kubeconfigPath?: string;
  readonly defaultCpuSeconds: number;
  readonly fetchTimeoutSeconds: number;
  /** SPEC §5's settings; each one left out takes its default (DEFAULT_TRUST_SETTINGS). */
  readonly trust?: Partial<TrustSettings>;
  /**
   * Decoded-profile bytes the live sessions may hold together (no SPEC flag): by default a share of
   * the process's memory limit (memory-budget.ts).
   */
  readonly profileBudgetBytes?: number;
  /** A request's headers and body must arrive within this; default SLOW_CLIENT_TIMEOUT_MS (SPEC: 30 s). */
  readonly slowClientTimeoutMs?: number;
  readonly logger?: FastifyBaseLogger;
  // Edges, replaceable in tests:
  readonly clock?: Clock;
  readonly secretReader?: SecretReader;
  /** Replaces the whole target policy (SPEC §5's is built from `trust` otherwise). */
  readonly policy?: TargetPolicy;
  /** Host name resolution for the target policy (default: dns.lookup). */
  readonly resolveHost?: ResolveHost;
  readonly startViewer?: StartViewer;
  /** The query pool's settings over those from `trust` and `clock` (workers, time limit, layouts). */
  readonly queryPool?: QueryPoolOptions;
}

export interface RunningProcessor {
  readonly port: number;
  /** `http://HOST:PORT` of the API. */
  readonly url: string;
  readonly sessions: SessionManager;
  /** Where every session's profile is decoded and queried: `heldBytes` is the decoded bytes held. */
  readonly queryPool: QueryPool;
  /** Resolves once the sessions of the previous run are served again or dropped (SPEC §6). */
  readonly restored: Promise<RestoreOutcome>;
  close(): Promise<void>;
}

/** The data root could not be created or is not writable. */
export class DataRootError extends GoProfilerError {
  override readonly name = 'DataRootError';
  constructor(dataRoot: string, options: { cause: unknown }) {
    super(`prepare data root ${dataRoot}`, (options.cause as Error).message, options);
  }
}

/** Viewers could not listen on the advertised address (not an address of this host?). */
export class AdvertiseAddressError extends GoProfilerError {
  override readonly name = 'AdvertiseAddressError';
  constructor(address: string, options: { cause: unknown }) {
    super(
      `check advertise address ${address}`,
      `viewers cannot listen there: ${(options.cause as Error).message}`,
      options,
    );
  }
}

export async function startProcessor(config: ProcessorConfig): Promise<RunningProcessor> {
  const dataRoot = path.resolve(config.dataRoot);
  await prepareDataRoot(dataRoot, config.advertiseAddress);
  const { logger } = config;
  const clock = config.clock ?? systemClock;
  const trust: TrustSettings = { ...DEFAULT_TRUST_SETTINGS, ...config.trust };
  const journal = new SessionJournal(dataRoot, logger);
  // A full budget drops the least recently queried profile not in use (the pool is made just
  // below), unless profiles are never dropped (`--session-idle-seconds 0`).
  const makeRoom = trust.sessionIdleSeconds > 0 ? () => queryPool.dropLeastRecentlyQueried() : undefined;
  const sessions = await createSessions(config, trust, clock, journal, makeRoom);
  const queryPool = new QueryPool({
    queryTimeoutMs: trust.queryTimeoutSeconds * 1000,
    // 0: never (SPEC §5).
    ...(trust.sessionIdleSeconds > 0 ? { idleMs: trust.sessionIdleSeconds * 1000 } : {}),
    timers: clock,
    ...config.queryPool,
  });
  const reports = new OfflineReportWriter();
  const usage = new DataRootUsage(dataRoot, (error) => logger?.warn({ err: error }, 'data root not measured'));
  const metrics = new ProcessorMetrics({ sessions, dataRootUsage: usage });
  // Before the sweeps, so they spare the captures being restored; served in the background.
  const restoring = { ports: new Set<number>() as ReadonlySet<number> };
  const startViewer = config.startViewer ?? viewerStarter(config, trust, clock, metrics, () => restoring.ports);
  const { advertiseAddress } = config;
  const restore = await restoreSessions({
    dataRoot,
    advertiseAddress,
    sessions,
    journal,
    clock,
    queryPool,
    startViewer,
    trust,
    ...(logger === undefined ? {} : { logger }),
  });
  restoring.ports = restore.pendingPorts;
  const keep = (file: string) => restore.pendingFiles.has(file);
  const sweeps = await startCaptureSweeps({
    dataRoot,
    trust,
    clock,
    sessions,
    keep,
    onDeleted: () => void usage.refresh(),
    ...(logger ? { logger } : {}),
  });
  await usage.refresh();
  // Read at each check: the API's port once listening, the viewers live at that moment.
  const reservedPorts = () => ({ processor: listeningPort(app), viewers: sessions.list().map(({ port }) => port) });
  const app = buildProcessorApp({
    dataRoot,
    advertiseAddress: config.advertiseAddress,
    secretReader:
      config.secretReader ??
      createKubernetesSecretReader(
        config.kubeconfigPath === undefined ? {} : { kubeconfigPath: config.kubeconfigPath },
      ),
    policy: config.policy ?? createPolicy(config, trust, reservedPorts),
    kubeAccess: config.kubeconfigPath === undefined ? {} : { kubeconfigPath: config.kubeconfigPath },
    sessions,
    clock,
    startViewer,
    journal,
    fetchTimeoutSeconds: config.fetchTimeoutSeconds,
    defaultCpuSeconds: config.defaultCpuSeconds,
    trust,
    admission: new CaptureAdmission({ sessions, maxConcurrentCaptures: trust.maxConcurrentCaptures, clock }),
    listenHost: config.listenHost,
    ...(config.slowClientTimeoutMs === undefined ? {} : { slowClientTimeoutMs: config.slowClientTimeoutMs }),
    afterCapture: sweeps.afterCapture,
    queryPool,
    reports,
    metrics,
    ...(logger === undefined ? {} : { logger }),
  });
  try {
    await app.listen({ host: config.listenHost, port: config.listenPort });
  } catch (error) {
    sweeps.stop();
    restore.stop();
    await Promise.all([sessions.closeAll(), restore.done]);
    await Promise.all([queryPool.close(), reports.close()]);
    throw error;
  }
  const port = listeningPort(app) ?? config.listenPort;
  let closing: Promise<void> | undefined;
  return {
    port,
    url: `http://${formatUrlHost(config.listenHost)}:${port}`,
    sessions,
    queryPool,
    restored: restore.done,
    close() {
      sweeps.stop();
      restore.stop();
      closing ??= Promise.all([sessions.closeAll(), app.close(), restore.done, reports.close()]).then(() =>
        queryPool.close(),
      );
      return closing;
    },
  };
}

/** Creates the data root and fails at start-up, not at the first capture, when no viewer could be reached. */
async function prepareDataRoot(dataRoot: string, advertiseAddress: string): Promise<void> {
  try {
    await mkdir(dataRoot, { recursive: true });
  } catch (error) {
    throw new DataRootError(dataRoot, { cause: error });
  }
  try {
    await probeListen(advertiseAddress);
  } catch (error) {
    throw new AdvertiseAddressError(advertiseAddress, { cause: error });
  }
}

/** The live sessions, bounded by `--max-sessions` and the decoded-profile budget. */
async function createSessions(
  config: ProcessorConfig,
  trust: TrustSettings,
  clock: Clock,
  journal: SessionJournal,
  makeRoom: (() => boolean) | undefined,
): Promise<SessionManager> {
  const { logger } = config;
  let profileBudgetBytes = config.profileBudgetBytes;
  if (profileBudgetBytes === undefined) {
    const memoryLimit = await readMemoryLimit();
    profileBudgetBytes = defaultProfileBudgetBytes(memoryLimit);
    logger?.info({ profileBudgetBytes, memoryLimit }, 'decoded-profile budget derived from the memory limit');
  }
  return new SessionManager({
    clock,
    maxSessions: trust.maxSessions,
    maxBytes: profileBudgetBytes,
    ...(makeRoom === undefined ? {} : { makeRoom }),
    onClosed: (session: SessionInfo, reason: 'expired' | 'shutdown') => {
      journal.closed(session, reason);
      logger?.info({ port: session.port, file: session.label, reason }, 'viewer closed');
    },
    onCloseError: (session, error) => logger?.error({ err: error, port: session.port }, 'viewer failed to close'),
  });
}

/** Who may be fetched, with whose Secret (SPEC §5), from the settings. */
function createPolicy(
  config: ProcessorConfig,
  trust: TrustSettings,
  reservedPorts: () => { processor: number | undefined; viewers: number[] },
): TargetPolicy {
  return createTargetPolicy({
    allowSources: trust.allowSources,
    secretNamespaces: trust.secretNamespaces,
    secretPolicy: trust.secretPolicy,
    consentAnnotation: ALLOWED_SOURCES_ANNOTATION,
    reservedPorts,
    localAddresses: () => [config.advertiseAddress, ...interfaceAddresses()],
    ...(config.resolveHost === undefined ? {} : { resolveHost: config.resolveHost }),
  });
}

/**
 * Starts each session's viewer: the slow-client limit, the port range and the token of the
 * settings, its requests counted; a restored session's old port first, and a range's new viewers
 * leave `avoidPorts` (the old ports of sessions still being restored) free.
 */
function viewerStarter(
  config: ProcessorConfig,
  trust: TrustSettings,
  clock: Clock,
  metrics: ProcessorMetrics,
  avoidPorts: () => ReadonlySet<number>,
): StartViewer {
  return (capture, host, token, preferredPort) =>
    startViewerServer({
      capture,
      host,
      now: () => clock.now(),
      countRequest: (route, statusCode) => metrics.countViewerRequest(route, statusCode),
      ...(config.logger === undefined ? {} : { logger: config.logger.child({ viewer: capture.file }) }),
      slowClientTimeoutMs: config.slowClientTimeoutMs ?? SLOW_CLIENT_TIMEOUT_MS,
      ...(trust.viewerPorts === undefined ? {} : { ports: trust.viewerPorts }),
      ...(token === undefined ? {} : { token }),
      ...(preferredPort === undefined ? { avoidPorts: avoidPorts() } : { preferredPort }),
    });
}

function listeningPort(app: FastifyInstance): number | undefined {
  const address = app.server.address();
  return typeof address === 'object' && address !== null ? address.port : undefined;
}

function probeListen(host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => server.close(() => resolve()));
  });
}
