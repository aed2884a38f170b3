// Resolves `go-profiler serve`'s settings (flags over environment over SPEC §1's defaults) into
// the processor's configuration: parses HOST:PORT and picks the advertised address.

import { isIP } from 'node:net';
import type { NetworkInterfaceInfo } from 'node:os';

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
