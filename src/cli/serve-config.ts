// Resolves `go-profiler serve`'s settings (flags over environment over SPEC §1's defaults) into
// the processor's configuration: parses HOST:PORT and picks the advertised address.

import { isIP } from 'node:net';
import type { NetworkInterfaceInfo } from 'node:os';
import { parseSourceRules, SourceRuleError } from '../fetch/source-rules.js';
import type { TrustSettings } from '../processor/processor-limits.js';

export const SERVE_DEFAULTS = {
  listen: '127.0.0.1:8090',
  dataRoot: './data',
  fetchTimeoutSeconds: 60,
} as const;

/** A setting's value is unusable; the message names the flag. */
export class ServeConfigError extends Error {
  override readonly name = 'ServeConfigError';
  constructor(flag: string, reason: string) {
    super(`read option ${flag}: ${reason}`);
  }
}

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/** Parses `HOST:PORT`, `[IPv6]:PORT` or `:PORT` (all addresses). */
export function parseListenAddress(text: string): ListenAddress {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text.trim());
  const port = Number(match?.[3]);
  if (match === null || port > 65535) {
    throw new ServeConfigError(
      '--listen',
      `${JSON.stringify(text)} is not HOST:PORT (e.g. 127.0.0.1:8090, [::1]:8090, :8090)`,
    );
  }
  const host = match[1] ?? match[2] ?? '';
  if (match[1] !== undefined && isIP(host) !== 6) {
    throw new ServeConfigError('--listen', `${JSON.stringify(host)} in brackets is not an IPv6 address`);
  }
  return { host: host === '' ? '0.0.0.0' : host, port };
}

const ALL_ADDRESSES = new Set(['0.0.0.0', '::', '']);

/**
 * The address viewers bind to and the sentence names: the listen host, or — when listening on all
 * addresses — the first non-loopback IPv4 (in a DaemonSet, set it to the node IP instead).
 */
export function chooseAdvertiseAddress(listenHost: string, interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string {
  if (!ALL_ADDRESSES.has(listenHost)) return listenHost;
  for (const addresses of Object.values(interfaces)) {
    const ipv4 = addresses?.find((address) => address.family === 'IPv4' && !address.internal);
    if (ipv4 !== undefined) return ipv4.address;
  }
  throw new ServeConfigError(
    '--advertise-address',
    `listening on all addresses (${listenHost}) and no non-loopback IPv4 address found: set it explicitly`,
  );
}

/** Parses a whole number of seconds within [min, max]. */
export function parseSeconds(flag: string, text: string, min: number, max: number): number {
  const value = Number(text.trim());
  if (!/^\+?\d+$/.test(text.trim()) || value < min || value > max) {
    throw new ServeConfigError(flag, `${JSON.stringify(text)} is not a whole number of seconds from ${min} to ${max}`);
  }
  return value;
}

/** Parses a whole number within [min, max] (counts and byte sizes). */
export function parseWholeNumber(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (!/^\+?\d+$/.test(trimmed) || value < min || value > max) {
    throw new ServeConfigError(flag, `${JSON.stringify(text)} is not a whole number from ${min} to ${max}`);
  }
  return value;
}

/** Parses one of `choices`. */
export function parseChoice<Choice extends string>(flag: string, text: string, choices: readonly Choice[]): Choice {
  const value = text.trim() as Choice;
  if (!choices.includes(value)) {
    throw new ServeConfigError(flag, `${JSON.stringify(text)} is not one of ${choices.join(', ')}`);
  }
  return value;
}

/** Splits a comma-separated list, dropping blanks (`a, b,` is `a`, `b`). */
export function parseList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** Splits `--allow-sources` and checks every entry now, so a typo stops the start, not a capture. */
export function parseAllowSources(text: string | undefined): string[] {
  const entries = parseList(text);
  try {
    parseSourceRules(entries);
  } catch (error) {
    if (!(error instanceof SourceRuleError)) throw error;
    throw new ServeConfigError('--allow-sources', error.message);
  }
  return entries;
}

/** Parses `LOW-HIGH` (a range of TCP ports, both ends included); empty = none. */
export function parsePortRange(flag: string, text: string | undefined): { low: number; high: number } | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const match = /^(\d{1,5})-(\d{1,5})$/.exec(text.trim());
  const [low, high] = [Number(match?.[1]), Number(match?.[2])];
  if (match === null || low < 1 || high > 65535 || low > high) {
    throw new ServeConfigError(flag, `${JSON.stringify(text)} is not LOW-HIGH with 1 ≤ LOW ≤ HIGH ≤ 65535`);
  }
  return { low, high };
}

const DURATION_UNITS_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Parses a Go duration (`90s`, `15m`, `240h`, `1h30m`, `0`) into milliseconds; negative is refused. */
export function parseGoDuration(flag: string, text: string): number {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  const part = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  let total = 0;
  let at = 0;
  while (at < trimmed.length) {
    part.lastIndex = at;
    const match = part.exec(trimmed);
    if (match === null) break;
    total += Number(match[1]) * DURATION_UNITS_MS[match[2]!]!;
    at = part.lastIndex;
  }
  if (trimmed === '' || at !== trimmed.length || !Number.isFinite(total)) {
    throw new ServeConfigError(flag, `${JSON.stringify(text)} is not a Go duration (e.g. 90s, 15m, 240h, 1h30m, 0)`);
  }
  return Math.round(total);
}

/** SPEC §5's flags as commander hands them over (strings; environment already applied). */
export interface TrustFlags {
  allowSources?: string;
  secretPolicy: string;
  secretNamespaces?: string;
  viewerAuth: string;
  viewerPorts?: string;
  maxSessions: string;
  maxConcurrentCaptures: string;
  maxProfileBytes: string;
  maxStackDepth: string;
  queryTimeoutSeconds: string;
  sessionIdleSeconds: string;
  retention: string;
  maxDataBytes: string;
}

/** Checks and converts SPEC §5's flags; each bad value is a ServeConfigError naming its flag. */
export function parseTrustFlags(flags: TrustFlags): TrustSettings {
  return {
    allowSources: parseAllowSources(flags.allowSources),
    secretPolicy: parseChoice('--secret-policy', flags.secretPolicy, ['annotated', 'any'] as const),
    secretNamespaces: parseList(flags.secretNamespaces),
    viewerAuth: parseChoice('--viewer-auth', flags.viewerAuth, ['none', 'token'] as const),
    viewerPorts: parsePortRange('--viewer-ports', flags.viewerPorts),
    maxSessions: parseWholeNumber('--max-sessions', flags.maxSessions, 1, 100_000),
    maxConcurrentCaptures: parseWholeNumber('--max-concurrent-captures', flags.maxConcurrentCaptures, 1, 10_000),
    // Below 1 KiB no real profile fits; above 1 GiB the ×8 decompressed cap passes V8's buffer limits.
    maxProfileBytes: parseWholeNumber('--max-profile-bytes', flags.maxProfileBytes, 1024, 1024 ** 3),
    maxStackDepth: parseWholeNumber('--max-stack-depth', flags.maxStackDepth, 1, 1_000_000),
    queryTimeoutSeconds: parseWholeNumber('--query-timeout-seconds', flags.queryTimeoutSeconds, 1, 3600),
    sessionIdleSeconds: parseWholeNumber('--session-idle-seconds', flags.sessionIdleSeconds, 0, 604800),
    retentionMs: parseGoDuration('--retention', flags.retention),
    maxDataBytes: parseWholeNumber('--max-data-bytes', flags.maxDataBytes, 0),
  };
}
