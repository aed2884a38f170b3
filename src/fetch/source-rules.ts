// The `--allow-sources` entries: CIDRs (`10.0.0.0/8`, `::1/128`, a bare IP) and host patterns
// (`web.shop.svc`, `*.svc.cluster.local`), each with an optional `:port`, parsed once at start.

import { GoProfilerError } from '../errors/index.js';
import { isIP, isIPv6 } from 'node:net';
import { isInSubnet, parseIpAddress, parseIpSubnet, type IpAddress, type IpSubnet } from './ip-address.js';

export type SourceRule =
  | { readonly kind: 'subnet'; readonly text: string; readonly subnet: IpSubnet; readonly port?: number }
  | { readonly kind: 'host'; readonly text: string; readonly pattern: string; readonly port?: number };

/** An `--allow-sources` entry is neither a CIDR nor a host pattern. */
export class SourceRuleError extends GoProfilerError {
  override readonly name = 'SourceRuleError';
  constructor(
    readonly entry: string,
    reason: string,
  ) {
    super(`parse source rule ${JSON.stringify(entry)}`, reason);
  }
}

const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const FORMS =
  'expected a CIDR (10.0.0.0/8, ::1/128), an IP, or a host name (web.shop.svc, *.svc.cluster.local), each with an optional :PORT';

/** Parses every entry; throws SourceRuleError naming the first bad one. */
export function parseSourceRules(entries: readonly string[]): SourceRule[] {
  return entries.map(parseSourceRule);
}

/**
 * One entry. A port follows the CIDR's prefix (`10.0.0.0/8:6060`, `::1/128:6060`); a bare IPv6
 * address takes one only in brackets (`[::1]:6060`), since `::1:6060` is itself an address.
 */
export function parseSourceRule(entry: string): SourceRule {
  const text = entry.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](\/\d+)?(?::(\d*))?$/.exec(text); // [::1]:6060, [::1]/128:6060
  if (bracketed !== null && !isIPv6(bracketed[1]!)) {
    throw new SourceRuleError(entry, 'brackets hold only an IPv6 address');
  }
  const parts =
    bracketed ??
    /^([^/]+)(\/\d+)(?::(\d*))?$/.exec(text) ?? // 10.0.0.0/8:6060, ::1/128:6060
    (isIPv6(text) ? [text, text] : /^([^:/]*)()(?::(\d*))?$/.exec(text)); // ::1; host:6060, 10.0.0.1:6060
  if (parts === null) throw new SourceRuleError(entry, FORMS);
  const rest = `${parts[1]}${parts[2] ?? ''}`;
  const port = parts[3] === undefined ? undefined : parsePort(entry, parts[3]);
  const withPort = port === undefined ? {} : { port };
  if (rest.includes('/')) {
    const subnet = parseIpSubnet(rest);
    if (subnet === undefined) throw new SourceRuleError(entry, `${JSON.stringify(rest)} is not a CIDR; ${FORMS}`);
    return { kind: 'subnet', text: entry.trim(), subnet, ...withPort };
  }
  const address = parseIpAddress(rest);
  if (address !== undefined) {
    const subnet = { address, prefixLength: address.family === 4 ? 32 : 128 };
    return { kind: 'subnet', text: entry.trim(), subnet, ...withPort };
  }
  const labels = rest.replace(/\.$/, '').split('.');
  const wildcard = labels[0] === '*' && labels.length >= 2;
  if (!(wildcard ? labels.slice(1) : labels).every((label) => HOST_LABEL.test(label)) || rest.length > 253) {
    throw new SourceRuleError(entry, `${JSON.stringify(rest)} is not a host name; ${FORMS}`);
  }
  return { kind: 'host', text: entry.trim(), pattern: labels.join('.'), ...withPort };
}

/** True when `rule` allows `hostname` (as the URL spells it, lower case) or `address` on `port`. */
export function sourceRuleMatches(rule: SourceRule, hostname: string, address: IpAddress, port: number): boolean {
  if (rule.port !== undefined && rule.port !== port) return false;
  if (rule.kind === 'subnet') return isInSubnet(address, rule.subnet);
  return hostMatchesPattern(hostname, rule.pattern);
}

/**
 * `*.suffix` matches names with one or more labels before `.suffix`, not `suffix` itself; a host
 * pattern never matches an IP address (`*.0.0.2` is not a way to allow 127.0.0.2).
 */
export function hostMatchesPattern(hostname: string, pattern: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  if (isIP(name.replace(/^\[(.*)\]$/, '$1')) !== 0) return false;
  if (pattern.startsWith('*.')) return name.endsWith(pattern.slice(1)) && name.length > pattern.length - 1;
  return name === pattern;
}

function parsePort(entry: string, text: string): number {
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port < 1 || port > 65535) {
    throw new SourceRuleError(entry, `${JSON.stringify(text)} is not a port from 1 to 65535`);
  }
  return port;
}
