// The sentence KubeDiag records for a capture; clients parse it, so it is kept exactly so.

import { isIPv6 } from 'node:net';

/** `Visit http://ADDR:PORT, this server will expire in N seconds.` (IPv6 addresses in brackets). */
export function formatEndpointSentence(address: string, port: number, expirationSeconds: number): string {
  return `Visit http://${formatUrlHost(address)}:${port}, this server will expire in ${expirationSeconds} seconds.`;
}

/** The host as it must appear in a URL: `[::1]` for IPv6, unchanged otherwise. */
export function formatUrlHost(address: string): string {
  return isIPv6(address) ? `[${address}]` : address;
}
