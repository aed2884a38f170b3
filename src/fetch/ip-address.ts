// IP addresses as bytes, so subnets (allow-list CIDRs, link-local, loopback) are compared
// exactly, whatever spelling a caller or a resolver used; IPv4-mapped IPv6 counts as IPv4.

import { isIPv4, isIPv6 } from 'node:net';

export interface IpAddress {
  readonly family: 4 | 6;
  /** 4 bytes for IPv4 (also for `::ffff:a.b.c.d`), 16 for IPv6. */
  readonly bytes: Uint8Array;
}

export interface IpSubnet {
  readonly address: IpAddress;
  readonly prefixLength: number;
}

/**
 * Parses a textual IPv4 or IPv6 address (no brackets, no zone), or returns undefined. An
 * IPv4-mapped IPv6 address (`::ffff:169.254.169.254`, `::ffff:a9fe:a9fe`) becomes the IPv4
 * address it stands for: the kernel connects to that IPv4 address, so rules must see it as one.
 */
export function parseIpAddress(text: string): IpAddress | undefined {
  if (isIPv4(text)) return { family: 4, bytes: Uint8Array.from(text.split('.'), Number) };
  if (!isIPv6(text) || text.includes('%')) return undefined;
  const bytes = parseIpv6(text);
  const mapped = bytes.subarray(0, 12).every((byte, at) => byte === (at < 10 ? 0 : 0xff));
  return mapped ? { family: 4, bytes: bytes.slice(12) } : { family: 6, bytes };
}

/** Dotted IPv4, or IPv6 as groups of hex (not compressed: only for messages and annotations). */
export function formatIpAddress(address: IpAddress): string {
  if (address.family === 4) return address.bytes.join('.');
  const groups: string[] = [];
  for (let at = 0; at < 16; at += 2) groups.push(((address.bytes[at]! << 8) | address.bytes[at + 1]!).toString(16));
  // Through the URL parser for the canonical compressed form (`::1`, not `0:0:0:0:0:0:0:1`).
  return new URL(`http://[${groups.join(':')}]`).hostname.slice(1, -1);
}

/** True when `address` lies in `subnet` (never across families). */
export function isInSubnet(address: IpAddress, subnet: IpSubnet): boolean {
  if (address.family !== subnet.address.family) return false;
  let bits = subnet.prefixLength;
  for (let at = 0; bits > 0; at++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((address.bytes[at]! & mask) !== (subnet.address.bytes[at]! & mask)) return false;
  }
  return true;
}

/** Parses `ADDRESS/PREFIX` (`10.0.0.0/8`, `::1/128`), or returns undefined. */
export function parseIpSubnet(text: string): IpSubnet | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text);
  if (match === null) return undefined;
  const address = parseIpAddress(match[1]!);
  const prefixLength = Number(match[2]);
  if (address === undefined) return undefined;
  // `::ffff:10.0.0.0/104` is the IPv4 subnet 10.0.0.0/8.
  const shift = address.family === 4 && isIPv6(match[1]!) ? 96 : 0;
  const maxLength = address.family === 4 ? 32 : 128;
  if (prefixLength - shift < 0 || prefixLength - shift > maxLength) return undefined;
  return { address, prefixLength: prefixLength - shift };
}

function parseIpv6(text: string): Uint8Array {
  // Checked by isIPv6 already: at most one `::`, valid groups, an optional trailing dotted IPv4.
  let tail = text;
  const words: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(tail);
  if (dotted !== null) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    tail = `${tail.slice(0, -dotted[1]!.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = tail.split('::') as [string, string | undefined];
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  words.push(...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right);
  const bytes = new Uint8Array(16);
  words.forEach((word, at) => {
    bytes[at * 2] = word >> 8;
    bytes[at * 2 + 1] = word & 0xff;
  });
  return bytes;
}
