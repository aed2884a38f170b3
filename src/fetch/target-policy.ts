// Who may fetch what, with whose Secret (SPEC §5): any caller may name a Secret and a source, so
// the policy decides before the Secret is read or the source contacted, resolves the source's
// host once, and hands back the checked address: the fetch connects there and nowhere else.

import dns from 'node:dns';
import os from 'node:os';
import { networkError } from './http-get.js';
import { formatIpAddress, isInSubnet, parseIpAddress, parseIpSubnet, type IpAddress } from './ip-address.js';
import { SecretNotAllowedError, TargetNotAllowedError } from './policy-errors.js';
import { checkSecretConsent } from './secret-consent.js';
import type { SecretReference } from './secret-errors.js';
import { parseSourceRules, sourceRuleMatches } from './source-rules.js';

/** One answer of the resolver; what the fetch connects to. */
export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Resolves a host name to every address it has (dns.lookup with `all`). */
export type ResolveHost = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export interface TargetPolicy {
  /**
   * Before anything is read or sent: the Secret's namespace, then every address the source's host
   * resolves to. Resolves to the address to connect to; throws a refusal or FetchNetworkError (DNS).
   */
  checkTarget(url: URL, secret: SecretReference | undefined): Promise<ResolvedAddress>;
  /** After the Secret is read, before its token is used: does its owner allow this source? */
  checkSecretConsent(url: URL, secret: SecretReference, annotations: Readonly<Record<string, string>>): void;
}

/** Ports of this process that no source may name on a local address. */
export interface ReservedPorts {
  readonly processor: number | undefined;
  readonly viewers: readonly number[];
}

export interface TargetPolicyOptions {
  /** `--allow-sources` entries (parsed here; SourceRuleError for a bad one); empty = any source. */
  readonly allowSources: readonly string[];
  /** `--secret-namespaces`; empty = any namespace. */
  readonly secretNamespaces: readonly string[];
  /** `--secret-policy`: `annotated` sends a token only where the Secret's annotation allows. */
  readonly secretPolicy: 'annotated' | 'any';
  /** The annotation that lists where a Secret's token may go. */
  readonly consentAnnotation: string;
  /** Asked on every check: the processor's port and the live viewers' ports. */
  readonly reservedPorts: () => ReservedPorts;
  /** This host's addresses besides loopback (the advertised one, the interfaces'); default: the interfaces'. */
  readonly localAddresses?: () => readonly string[];
  readonly resolveHost?: ResolveHost;
}

/** Link-local and unspecified addresses: a source there is refused whatever the settings. */
const ALWAYS_REFUSED = [
  ['169.254.0.0/16', 'a link-local address'],
  ['fe80::/10', 'a link-local address'],
  ['0.0.0.0/8', 'an unspecified address'], // 0.0.0.0 connects to this host; the rest of 0/8 is "this network"
  ['::/128', 'an unspecified address'],
].map(([cidr, what]) => ({ subnet: parseIpSubnet(cidr!)!, what: what! }));

const LOOPBACK = ['127.0.0.0/8', '::1/128'].map((cidr) => parseIpSubnet(cidr)!);

export const resolveWithDns: ResolveHost = async (hostname) => {
  const answers = await dns.promises.lookup(hostname, { all: true, verbatim: true });
  return answers.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

/** The addresses of this host's interfaces, as os.networkInterfaces() lists them now. */
export function interfaceAddresses(): string[] {
  return Object.values(os.networkInterfaces()).flatMap((list) => (list ?? []).map((entry) => entry.address));
}

export function createTargetPolicy(options: TargetPolicyOptions): TargetPolicy {
  const rules = parseSourceRules(options.allowSources);
  const resolveHost = options.resolveHost ?? resolveWithDns;
  const localAddresses = options.localAddresses ?? interfaceAddresses;
  return {
    async checkTarget(url, secret) {
      if (secret !== undefined && options.secretNamespaces.length > 0) {
        if (!options.secretNamespaces.includes(secret.namespace)) {
          throw new SecretNotAllowedError(
            secret,
            `Secrets are read only in the namespaces ${options.secretNamespaces.join(', ')} (--secret-namespaces)`,
          );
        }
      }
      const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
      const port = Number(url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : url.port);
      const resolved = await resolve(url, hostname, resolveHost);
      const local = listLocalAddresses(url, localAddresses)
        .map((address) => parseIpAddress(address))
        .filter((address) => address !== undefined);
      const reserved = options.reservedPorts();
      for (const { ip } of resolved) refuseAlwaysRefused(url, hostname, ip, port, local, reserved);
      if (rules.length === 0) return resolved[0]!.answer;
      const allowed = resolved.find(({ ip }) => rules.some((rule) => sourceRuleMatches(rule, hostname, ip, port)));
      if (allowed === undefined) {
        const addresses = resolved.map(({ ip }) => formatIpAddress(ip)).join(', ');
        throw new TargetNotAllowedError(
          url,
          `no entry of --allow-sources allows this host or its address${resolved.length > 1 ? 'es' : ''} ${addresses} on port ${port}`,
        );
      }
      return allowed.answer;
    },
    checkSecretConsent(url, secret, annotations) {
      if (options.secretPolicy === 'any') return;
      checkSecretConsent(url, secret, options.consentAnnotation, annotations[options.consentAnnotation]);
    },
  };
}

/** This host's addresses; listing them needs a descriptor, so it fails like a connection would (EMFILE). */
function listLocalAddresses(url: URL, localAddresses: () => readonly string[]): readonly string[] {
  try {
    return localAddresses();
  } catch (error) {
    throw networkError(url.toString(), error as Error);
  }
}

interface Resolved {
  readonly answer: ResolvedAddress;
  readonly ip: IpAddress;
}

/** An IP literal as is (the URL parser normalized `0x7f.1` already); a name through the resolver, once. */
async function resolve(url: URL, hostname: string, resolveHost: ResolveHost): Promise<Resolved[]> {
  const literal = parseIpAddress(hostname);
  if (literal !== undefined)
    return [{ answer: { address: hostname, family: hostname.includes(':') ? 6 : 4 }, ip: literal }];
  let answers: readonly ResolvedAddress[];
  try {
    answers = await resolveHost(hostname);
  } catch (error) {
    throw networkError(url.toString(), error as Error);
  }
  const resolved = answers.flatMap((answer) => {
    const ip = parseIpAddress(answer.address);
    return ip === undefined ? [] : [{ answer, ip }];
  });
  if (resolved.length === 0) {
    throw networkError(url.toString(), Object.assign(new Error('no address'), { code: 'ENOTFOUND' }));
  }
  return resolved;
}

function refuseAlwaysRefused(
  url: URL,
  hostname: string,
  ip: IpAddress,
  port: number,
  local: readonly IpAddress[],
  reserved: ReservedPorts,
): void {
  const shown = formatIpAddress(ip);
  const host = shown === hostname ? shown : `${hostname} (${shown})`;
  for (const { subnet, what } of ALWAYS_REFUSED) {
    if (isInSubnet(ip, subnet)) throw new TargetNotAllowedError(url, `${host} is ${what}: always refused`);
  }
  const isLocal =
    LOOPBACK.some((subnet) => isInSubnet(ip, subnet)) ||
    local.some((address) => address.family === ip.family && address.bytes.every((byte, at) => byte === ip.bytes[at]));
  if (!isLocal) return;
  const whose =
    port === reserved.processor
      ? "the processor's own port"
      : reserved.viewers.includes(port)
        ? "a live viewer's port"
        : undefined;
  if (whose !== undefined) {
    throw new TargetNotAllowedError(
      url,
      `port ${port} of ${host}, an address of this host, is ${whose}: always refused`,
    );
  }
}
