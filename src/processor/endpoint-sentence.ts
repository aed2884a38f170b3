// The sentence KubeDiag records for a capture; clients parse it, so it is kept exactly so.

import { isIPv6 } from 'node:net';

/**
 * `Visit http://ADDR:PORT, this server will expire in N seconds.` (IPv6 addresses in brackets);
 * with `--viewer-auth token`, the URL carries the viewer's token: `http://ADDR:PORT/?token=T`.
 */
export function formatEndpointSentence(
  address: string,
  port: number,
  expirationSeconds: number,
  token?: string,
): string {
  const url = `http://${formatUrlHost(address)}:${port}${token === undefined ? '' : `/?token=${token}`}`;
  return `Visit ${url}, this server will expire in ${expirationSeconds} seconds.`;
}

/** The host as it must appear in a URL: `[::1]` for IPv6, unchanged otherwise. */
export function formatUrlHost(address: string): string {
  return isIPv6(address) ? `[${address}]` : address;
}
