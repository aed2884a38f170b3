// The details panel's texts as pure functions: the profile's facts, the header button's title
// from the legend (pprof's "<file> <type>"), and the session's countdown.

import type { CaptureWindow, ProfileSummary } from '../view-models.js';
import { formatUtcTime } from './diff-menu-state.js';
import { WARN_BEFORE_MS, formatRemaining } from './expiry-countdown.js';

/** The Profile column: type, totals per sample type, time, duration, period, samples, comments. */
export function profileFacts(summary: ProfileSummary): [string, string][] {
  const { details } = summary;
  const rows: [string, string][] = [['Profile type', summary.type]];
  for (const total of details.totals) {
    rows.push([`Total ${total.type}`, `${total.text}${total.unit === '' ? '' : ` (${total.unit})`}`]);
  }
  if (details.time !== undefined) rows.push(['Time', details.time]);
  if (summary.window !== undefined) rows.push(['Window', windowText(summary.window)]);
  if (details.duration !== undefined) rows.push(['Duration', details.duration]);
  if (details.period !== undefined) rows.push(['Period', details.period]);
  rows.push(['Samples', String(details.sampleCount)]);
  if (details.truncatedStacks !== undefined) rows.push(['Truncated stacks', details.truncatedStacks]);
  for (const comment of summary.comments) rows.push(['Comment', comment]);
  return rows;
}

/** The Captured fact's two times, each labelled: the profile's own and when go-profiler got it. */
export interface CapturedTexts {
  /** pprof's `Time:` (the profile's `time_nanos`, UTC); absent when the profile has none. */
  readonly profileTime?: string;
  /** When the processor stored the capture, or the CLI opened the file. */
  readonly received: string;
}

/**
 * The Captured fact: the profile's own time first, as pprof's `Time:` line, since that is when
 * the program was sampled; the time go-profiler received it beside it, labelled, since a stored
 * file opened later would otherwise look freshly captured.
 */
export function capturedTexts(summary: ProfileSummary): CapturedTexts {
  const received = `received by go-profiler ${formatUtcTime(summary.capturedAt)}`;
  const { time } = summary.details;
  return time === undefined ? { received } : { profileTime: `${time}, the profile's time`, received };
}

/** A delta capture's window in the details: `during 30 s (Go's delta profile)`. */
export function windowText(window: CaptureWindow): string {
  const how = window.method === 'go' ? "Go's delta profile" : 'two snapshots subtracted: the target refused the delta';
  return `during ${window.seconds} s (${how})`;
}

/**
 * The details button's text: `gotarget inuse_space ▾` from the legend's File and Type lines, with
 * a delta capture's window (`gotarget alloc_space during 30 s ▾`).
 */
export function detailsTitle(legend: readonly string[], window?: CaptureWindow): string {
  const value = (prefix: string) => legend.find((line) => line.startsWith(prefix))?.slice(prefix.length);
  const during = window === undefined ? undefined : `during ${window.seconds} s`;
  const title = [value('File: '), value('Type: '), during].filter((part) => part !== undefined).join(' ');
  return title === '' ? 'Details' : `${title} ▾`;
}

export interface CountdownTexts {
  /** The Session fact. */
  readonly session: string;
  /** The header badge's text, and whether it shows. */
  readonly badge: string;
  readonly badgeShown: boolean;
  readonly expired: boolean;
}

/** The countdown's texts with `remainingMs` left of a session expiring at `expiresAt`. */
export function countdownTexts(remainingMs: number, expiresAt: string): CountdownTexts {
  const text = formatRemaining(remainingMs);
  const expired = remainingMs === 0;
  return {
    session: expired ? `expired at ${expiresAt}` : `expires in ${text} (at ${expiresAt})`,
    badge: expired ? 'Session expired' : `Closes in ${text}`,
    badgeShown: remainingMs <= WARN_BEFORE_MS,
    expired,
  };
}

/** The header's advice mark: shown when the capture has advice, saying how many sentences. */
export function adviceMarkTexts(advice: readonly string[]): { readonly text: string; readonly title: string } {
  const count = advice.length === 1 ? 'One piece of advice' : `${advice.length} pieces of advice`;
  return { text: `⚠ Advice (${advice.length})`, title: `${count} on this capture: open Details` };
}

/** A sentence of advice cut where it names the goroutine analyser, so that the view can link it. */
export function adviceParts(sentence: string, analyserPath: string): readonly (string | { readonly link: string })[] {
  const at = sentence.indexOf(analyserPath);
  if (at < 0) return [sentence];
  return [sentence.slice(0, at), { link: analyserPath }, sentence.slice(at + analyserPath.length)];
}
