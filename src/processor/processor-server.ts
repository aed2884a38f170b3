// Starts the processor: the session manager, the Secret reader and the API on its listen
// address; `close()` stops taking requests and closes every viewer (what SIGTERM does).

import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import {
  ALLOW_ALL_TARGETS,
  createKubernetesSecretReader,
  type SecretReader,
  type TargetPolicy,
} from '../fetch/index.js';
import { SessionManager, systemClock, type Clock, type SessionInfo } from '../session/index.js';
import { QueryPool, type QueryPoolOptions } from '../web/query-pool.js';
import { startViewerServer } from '../web/viewer-server.js';
import type { StartViewer } from './capture-profile.js';
import { formatUrlHost } from './endpoint-sentence.js';
import { buildProcessorApp } from './processor-app.js';
import { DEFAULT_TRUST_SETTINGS, type TrustSettings } from './processor-limits.js';

export interface ProcessorConfig {
  readonly listenHost: string;
  /** 0 = a free port, read back into RunningProcessor.port. */
  readonly listenPort: number;
  readonly advertiseAddress: string;
  readonly dataRoot: string;
  /** `--kubeconfig`; when unset the Secret reader falls back to KUBECONFIG, in-cluster, ~/.kube/config. */
  readonly kubeconfigPath?: string;
  readonly defaultCpuSeconds: number;
  readonly fetchTimeoutSeconds: number;
  /** SPEC §5's settings; each one left out takes its default (DEFAULT_TRUST_SETTINGS). */
  readonly trust?: Partial<TrustSettings>;
  readonly logger?: FastifyBaseLogger;
  // Edges, replaceable in tests:
  readonly clock?: Clock;
  readonly secretReader?: SecretReader;
  readonly policy?: TargetPolicy;
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
  close(): Promise<void>;
}

/** The data root could not be created or is not writable. */
export class DataRootError extends Error {
  override readonly name = 'DataRootError';
  constructor(dataRoot: string, options: { cause: unknown }) {
    super(`prepare data root ${dataRoot}: ${(options.cause as Error).message}`, options);
  }
}

/** Viewers could not listen on the advertised address (not an address of this host?). */
export class AdvertiseAddressError extends Error {
  override readonly name = 'AdvertiseAddressError';
  constructor(address: string, options: { cause: unknown }) {
    super(
      `check advertise address ${address}: viewers cannot listen there: ${(options.cause as Error).message}`,
      options,
    );
  }
}

export async function startProcessor(config: ProcessorConfig): Promise<RunningProcessor> {
  const dataRoot = path.resolve(config.dataRoot);
  try {
    await mkdir(dataRoot, { recursive: true });
  } catch (error) {
    throw new DataRootError(dataRoot, { cause: error });
  }
  // Fail at start-up, not at the first capture, when no viewer could ever be reached.
  try {
    await probeListen(config.advertiseAddress);
  } catch (error) {
    throw new AdvertiseAddressError(config.advertiseAddress, { cause: error });
  }
  const logger = config.logger;
  const logSession = (session: SessionInfo, reason: string) =>
    logger?.info({ port: session.port, file: session.label, reason }, 'viewer closed');
  const clock = config.clock ?? systemClock;
  const sessions = new SessionManager({
    clock,
    onClosed: logSession,
    onCloseError: (session, error) => logger?.error({ err: error, port: session.port }, 'viewer failed to close'),
  });
  const trust = { ...DEFAULT_TRUST_SETTINGS, ...config.trust };
  const queryPool = new QueryPool({
    queryTimeoutMs: trust.queryTimeoutSeconds * 1000,
    timers: clock,
    ...config.queryPool,
  });
  const app = buildProcessorApp({
    dataRoot,
    advertiseAddress: config.advertiseAddress,
    secretReader:
      config.secretReader ??
      createKubernetesSecretReader(
        config.kubeconfigPath === undefined ? {} : { kubeconfigPath: config.kubeconfigPath },
      ),
    policy: config.policy ?? ALLOW_ALL_TARGETS,
    sessions,
    clock,
    startViewer:
      config.startViewer ?? ((capture, host) => startViewerServer({ capture, host, now: () => clock.now() })),
    fetchTimeoutSeconds: config.fetchTimeoutSeconds,
    defaultCpuSeconds: config.defaultCpuSeconds,
    trust,
    queryPool,
    ...(logger === undefined ? {} : { logger }),
  });
  await app.listen({ host: config.listenHost, port: config.listenPort });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.listenPort;
  let closing: Promise<void> | undefined;
  return {
    port,
    url: `http://${formatUrlHost(config.listenHost)}:${port}`,
    sessions,
    queryPool,
    close() {
      closing ??= Promise.all([sessions.closeAll(), app.close()]).then(() => queryPool.close());
      return closing;
    },
  };
}

function probeListen(host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => server.close(() => resolve()));
  });
}
