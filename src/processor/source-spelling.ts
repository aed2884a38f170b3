// Refuses source URLs that the WHATWG URL parser would silently repair into another address:
// `http:/x` and `http:\\x` (read as http://x), and IPv4 addresses in hex, octal, short or
// percent-encoded spellings (`0x7f.1`, `0177.0.0.1`, `2130706433`, all 127.0.0.1). Go, curl and
// an allow-list reader each understand them differently: a source must mean one address.

import { InvalidRequestError } from './invalid-request-error.js';

const HTTP_SCHEME = /^https?:/i;
const SCHEME_AND_AUTHORITY = /^https?:\/\/([^/?#\\]*)/i;
const DOTTED_QUAD = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** Throws InvalidRequestError naming `key` when an http(s) `source` is not spelled plainly. */
export function checkSourceSpelling(source: string, key: string): void {
  const text = source.trim();
  // Other schemes are refused by buildProfileUrl, with their own reason.
  if (!HTTP_SCHEME.test(text)) return;
  const authority = SCHEME_AND_AUTHORITY.exec(text)?.[1];
  if (authority === undefined || authority === '') {
    throw new InvalidRequestError(
      key,
      `${quote(text)} is not written scheme://host[:port] (e.g. http://10.0.0.7:6060)`,
    );
  }
  const hostAndPort = authority.slice(authority.lastIndexOf('@') + 1);
  // An IPv6 literal is in brackets; buildProfileUrl checks its syntax.
  if (hostAndPort.startsWith('[')) return;
  const host = hostAndPort.replace(/:\d*$/, '').toLowerCase();
  let parsedHost: string;
  try {
    parsedHost = new URL(text).hostname;
  } catch {
    // Not a URL at all: buildProfileUrl says so.
    return;
  }
  if (DOTTED_QUAD.test(parsedHost) && host !== parsedHost) {
    throw new InvalidRequestError(
      key,
      `host ${quote(host)} is the IPv4 address ${parsedHost} in another spelling (hex, octal, short or encoded): ` +
        `write ${parsedHost}`,
    );
  }
}

function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}
