// A Secret's owner says where its token may go (`--secret-policy annotated`, SPEC §5): an
// annotation listing `https://HOST[:PORT]` entries; HOST a name, an IP address or `*.suffix`.

import { hostMatchesPattern } from './source-rules.js';
import { SecretNotAllowedError } from './policy-errors.js';
import type { SecretReference } from './secret-errors.js';

const ENTRY = /^https:\/\/(\*\.[a-z0-9.-]+|\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?\/?$/i;

/**
 * Throws SecretNotAllowedError unless `annotationValue` (the value of `annotation`, comma-separated)
 * names `url`'s host and port. A name matches the URL's host as written (case and a trailing dot
 * aside), never what it resolves to: consent is given to a name or an address, not to both.
 * Entries that are not `https://HOST[:PORT]` match nothing.
 */
export function checkSecretConsent(
  url: URL,
  secret: SecretReference,
  annotation: string,
  annotationValue: string | undefined,
): void {
  const wanted = `https://${url.host}`;
  const entries = (annotationValue ?? '').split(',').map((entry) => entry.trim());
  if (url.protocol === 'https:' && entries.some((entry) => entryAllows(entry, url))) return;
  const where = `Secret ${secret.namespace}/${secret.name}`;
  if (annotationValue === undefined) {
    throw new SecretNotAllowedError(
      secret,
      `its owner has not allowed its token to be sent to ${wanted}: add the annotation ${annotation}=${wanted} to ${where}`,
    );
  }
  throw new SecretNotAllowedError(
    secret,
    `its annotation ${annotation} does not name ${wanted}: add ${wanted} to the annotation ${annotation} of ${where}`,
  );
}

function entryAllows(entry: string, url: URL): boolean {
  const match = ENTRY.exec(entry);
  if (match === null) return false;
  const port = Number(match[2] ?? 443);
  if (port !== Number(url.port === '' ? 443 : url.port)) return false;
  const host = match[1]!;
  const hostname = url.hostname.toLowerCase().replace(/\.$/, '');
  if (host.startsWith('*.')) return hostMatchesPattern(hostname, host.toLowerCase());
  let written: URL;
  try {
    written = new URL(`https://${host}`); // the same normalization as the source's (IPv6, 0x7f.1)
  } catch {
    return false; // not a host at all: an entry that matches nothing
  }
  return written.hostname.replace(/\.$/, '') === hostname;
}
