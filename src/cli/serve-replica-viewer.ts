// One viewer for the same profile type captured from several replicas (`go-profiler view
// --replicas FILE…`, and `go-profiler capture -l SELECTOR --open` through serveReplicaViewer): the
// merged profile at `/`, each replica's own at `/replica/NAME/`, their ranking at `/replicas`.

import path from 'node:path';
import { encodeProfile } from '../pprof/index.js';
import { mergeProfiles } from '../query/index.js';
import { SLOW_CLIENT_TIMEOUT_MS } from '../processor/processor-limits.js';
import { REPLICA_NAME_PATTERN } from '../web/replica-routes.js';
import type { SourceFiles } from '../web/source-files.js';
import type { NamedReplica, QueryWorkerMode, ViewerServer } from '../web/viewer-server.js';
import { readProfileFile } from './load-profiles.js';
import { UsageError } from './usage-errors.js';
import { profileKindOf } from './view-command.js';

/** A replica's profile on disk and the name the viewer shows it by (a pod's name, a file's stem). */
export interface ReplicaFile {
  readonly name: string;
  readonly path: string;
}

export interface ReplicaViewerOptions {
  /** At least one; names unique and matching REPLICA_NAME_PATTERN (letters, digits, `.`, `_`, `-`). */
  readonly replicas: readonly ReplicaFile[];
  /** Address to bind; default 127.0.0.1. */
  readonly host?: string;
  /** Port to bind; default 0 (the OS picks a free one, read back in `port`). */
  readonly port?: number;
  /** The Config menu's saved configs; default none (configs cannot be saved). */
  readonly settingsFile?: string;
  /** Source files the Source view may show (`--source-path`); default none. */
  readonly sources?: SourceFiles;
  /** Where queries run (viewer-server.ts); default GO_PROFILER_QUERY_WORKER, else `auto`. */
  readonly queryWorker?: QueryWorkerMode;
}

export interface ReplicaViewer extends ViewerServer {
  /** The merged view's address, `http://HOST:PORT/`; the ranking is at `replicas` under it. */
  readonly url: string;
}

/** `web-0.pb.gz` → `web-0`: the name `view --replicas` gives a file's replica. */
export function replicaNameOf(file: string): string {
  return path.basename(file).replace(/\.(pb\.gz|prof)$/, '');
}

/** Refuses names the viewer cannot put in a path, and names given twice. */
export function checkReplicaNames(replicas: readonly ReplicaFile[]): void {
  if (replicas.length === 0) throw new UsageError('replicas', 'none given (at least one profile file)');
  const seen = new Map<string, string>();
  for (const { name, path: file } of replicas) {
    if (!REPLICA_NAME_PATTERN.test(name)) {
      throw new UsageError(
        `replica name ${JSON.stringify(name)}`,
        `of ${file}: use letters, digits, '.', '_' and '-' only, starting with a letter or digit`,
      );
    }
    const other = seen.get(name);
    if (other !== undefined)
      throw new UsageError(`replica name ${JSON.stringify(name)}`, `both ${other} and ${file} have it`);
    seen.set(name, file);
  }
}

/** Reads every replica's file, merges them and serves the session; resolves once it listens. */
export async function serveReplicaViewer(options: ReplicaViewerOptions): Promise<ReplicaViewer> {
  checkReplicaNames(options.replicas);
  const files = await Promise.all(options.replicas.map((replica) => readProfileFile(replica.path)));
  // Merged first: the replicas' profiles may be handed over to a query worker once the server starts.
  const merged = mergeProfiles(files.map((file) => file.profile));
  const capturedAt = new Date();
  const replicas: NamedReplica[] = options.replicas.map(({ name, path: file }, i) => ({
    name,
    capture: {
      profile: files[i]!.profile,
      rawBytes: files[i]!.bytes,
      file: path.basename(file),
      type: profileKindOf(files[i]!.profile),
      source: path.resolve(file),
      capturedAt,
    },
  }));
  const { startViewerServer } = await import('../web/viewer-server.js');
  const host = options.host ?? '127.0.0.1';
  const server = await startViewerServer({
    capture: {
      profile: merged,
      rawBytes: encodeProfile(merged),
      file: 'merged.pb.gz',
      type: profileKindOf(merged),
      source: options.replicas.map((replica) => path.resolve(replica.path)).join(', '),
      capturedAt,
    },
    replicas,
    host,
    port: options.port ?? 0,
    slowClientTimeoutMs: SLOW_CLIENT_TIMEOUT_MS,
    ...(options.settingsFile === undefined ? {} : { settingsFile: options.settingsFile }),
    ...(options.sources === undefined ? {} : { sources: options.sources }),
    ...(options.queryWorker === undefined ? {} : { queryWorker: options.queryWorker }),
  });
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return { port: server.port, close: () => server.close(), url: `http://${urlHost}:${server.port}/` };
}
