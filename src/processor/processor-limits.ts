// The API's path and numeric bounds (SPEC §1), apart from the code so the CLI can name them in
// `--help` without loading the processor.

export const PROCESSOR_PATH = '/processor/goProfiler';
export const DEFAULT_EXPIRATION_SECONDS = 7200;
/** 7 days: far below Node's longest timer (2^31−1 ms ≈ 24.8 days). */
export const MAX_EXPIRATION_SECONDS = 604800;
export const DEFAULT_CPU_SECONDS = 30;
export const MAX_CPU_SECONDS = 600;
/** KubeDiag's requests are small JSON maps: a larger POST body is a 413. */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

/** SPEC §5's settings that bound what callers may take, with their defaults. */
export interface TrustSettings {
  /** `--allow-sources`: CIDRs and host patterns, each with an optional `:port`; empty = any source. */
  readonly allowSources: readonly string[];
  /** `--secret-policy`: `annotated` sends a Secret's token only where its annotation allows. */
  readonly secretPolicy: SecretPolicyMode;
  /** `--secret-namespaces`: Secrets are read only in these; empty = any namespace. */
  readonly secretNamespaces: readonly string[];
  /** `--viewer-auth`: `token` gives each viewer a capability token. */
  readonly viewerAuth: ViewerAuthMode;
  /** `--viewer-ports LOW-HIGH`; undefined = any free port. */
  readonly viewerPorts: PortRange | undefined;
  /** `--max-sessions`: live viewers at once. */
  readonly maxSessions: number;
  /** `--max-concurrent-captures`: fetches in flight. */
  readonly maxConcurrentCaptures: number;
  /** `--max-profile-bytes`: the largest body from a source; ×8 the largest decompressed profile. */
  readonly maxProfileBytes: number;
  /** `--max-stack-depth`: deeper stacks keep their leaf-most frames. */
  readonly maxStackDepth: number;
  /** `--query-timeout-seconds`: a viewer query running longer is abandoned. */
  readonly queryTimeoutSeconds: number;
  /** `--session-idle-seconds`: a session without a query this long drops its decoded profile; 0 never. */
  readonly sessionIdleSeconds: number;
  /** `--retention`: captures older than this are deleted; 0 keeps all. */
  readonly retentionMs: number;
  /** `--max-data-bytes`: beyond it the oldest captures go first; 0 = no cap. */
  readonly maxDataBytes: number;
}

export type SecretPolicyMode = 'annotated' | 'any';
export type ViewerAuthMode = 'none' | 'token';

export interface PortRange {
  readonly low: number;
  readonly high: number;
}

/** The annotation naming where a Secret's token may go (SPEC §5). */
export const ALLOWED_SOURCES_ANNOTATION = 'go-profiler.kubediag.org/allowed-sources';

/** How much larger than the body as served a decompressed profile may be. */
export const DECOMPRESSED_PROFILE_FACTOR = 8;

export const DEFAULT_TRUST_SETTINGS: TrustSettings = {
  allowSources: [],
  secretPolicy: 'annotated',
  secretNamespaces: [],
  viewerAuth: 'none',
  viewerPorts: undefined,
  maxSessions: 100,
  maxConcurrentCaptures: 8,
  maxProfileBytes: 64 * 1024 * 1024,
  maxStackDepth: 4096,
  queryTimeoutSeconds: 30,
  sessionIdleSeconds: 60,
  retentionMs: 240 * 3600 * 1000,
  maxDataBytes: 0,
};

/** A request's headers or body must arrive within this (408 after it, SPEC §5); session/ owns it. */
export { SLOW_CLIENT_TIMEOUT_MS } from '../session/slow-client.js';
