// What `capture` and `view` are pointed at: a profile type, a TARGET (a URL, or `pod/NAME`), and the
// file each capture is saved in by default (`NS.NAME.TYPE.TIMESTAMP.pb.gz`, SPEC §6).

import path from 'node:path';
import {
  buildProfileUrl,
  checkPodReference,
  parseProfileType,
  PodNameError,
  SourceUrlError,
  type ProfileType,
} from '../fetch/index.js';
import { UsageError } from './usage-errors.js';

/** What the command fetches from: a Go program's URL, or a pod by name (its namespace decided later). */
export type CaptureTarget =
  | { readonly kind: 'url'; readonly source: string; readonly url: URL }
  | { readonly kind: 'pod'; readonly name: string };

/**
 * The profile type as the user wrote it: one of the seven (case-insensitive), or `cpu`, what
 * everyone calls the Profile type (pprof's own help does; docs/decisions.md).
 */
export function parseCaptureType(name: string): ProfileType {
  if (name.trim().toLowerCase() === 'cpu') return 'Profile';
  try {
    return parseProfileType(name);
  } catch (error) {
    throw new UsageError(
      `argument TYPE ${JSON.stringify(name)}`,
      'not a profile type (one of profile or cpu, heap, goroutine, allocs, block, mutex, threadcreate)',
      { cause: error },
    );
  }
}

/** True when TARGET names something to capture rather than a file on disk (`view`'s choice). */
export function isCaptureTarget(word: string): boolean {
  return /^https?:\/\//i.test(word) || /^(pods?|po)\//.test(word);
}

/**
 * TARGET: `http(s)://…` (the processor's source rules: SPEC §1, through fetch/'s buildProfileUrl)
 * or `pod/NAME` (kubectl's spelling; `pods/NAME` and `po/NAME` too, as kubectl takes them).
 */
export function parseCaptureTarget(
  word: string,
  type: ProfileType,
  cpuSeconds: number,
  deltaSeconds?: number,
): CaptureTarget {
  const pod = /^(pods?|po)\/(.*)$/.exec(word);
  if (pod !== null) {
    const name = pod[2]!;
    try {
      return { kind: 'pod', name: checkPodReference({ namespace: 'default', name }).name };
    } catch (error) {
      if (!(error instanceof PodNameError)) throw error;
      throw new UsageError(`argument TARGET ${JSON.stringify(word)}`, `${JSON.stringify(name)} is not a pod name`, {
        cause: error,
      });
    }
  }
  if (!/^[a-z][a-z0-9+.-]*:/i.test(word))
    throw new UsageError(
      `argument TARGET ${JSON.stringify(word)}`,
      'neither a URL (http://host:6060) nor pod/NAME (kubectl get pods lists the names)',
    );
  try {
    return { kind: 'url', source: word, url: buildProfileUrl(word, type, cpuSeconds, deltaSeconds) };
  } catch (error) {
    if (!(error instanceof SourceUrlError)) throw error;
    throw new UsageError(`argument TARGET ${JSON.stringify(word)}`, error.reason, { cause: error });
  }
}

/**
 * The type a bare URL names, as pprof reads it: the `/debug/pprof/NAME` of its path, else the CPU
 * profile (`go tool pprof http://host:6060` profiles the CPU).
 */
export function typeOfUrl(word: string): ProfileType {
  const named = /\/debug\/pprof\/([^/?#]+)/.exec(word)?.[1];
  return named === undefined ? 'Profile' : parseCaptureType(named);
}

/** `-n`: a namespace name (a DNS-1123 label), checked before any call to the API server. */
export function parseNamespace(namespace: string): string {
  try {
    return checkPodReference({ namespace, name: 'any' }).namespace;
  } catch (error) {
    if (!(error instanceof PodNameError)) throw error;
    throw new UsageError(`option --namespace ${JSON.stringify(namespace)}`, 'not a namespace name', { cause: error });
  }
}

/** `20261206201502`: UTC, as the processor names its capture folders. */
export function captureTimestamp(at: Date): string {
  return at.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** `HOST_PORT`, a URL's part of its file names (an IPv6 host without brackets, `:` as `-`). */
export function urlFileStem(url: URL): string {
  const port = url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/[^A-Za-z0-9.-]/g, '-');
  return `${host}_${port}`;
}

/** `DIR/STEM.TYPE.TIMESTAMP.pb.gz`; `attempt` > 1 adds `-N` (a file of that name already there). */
export function defaultCaptureFile(dir: string, stem: string, type: ProfileType, at: Date, attempt = 1): string {
  const suffix = attempt > 1 ? `-${attempt}` : '';
  return path.join(dir, `${stem}.${type}.${captureTimestamp(at)}${suffix}.pb.gz`);
}
