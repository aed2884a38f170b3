// The time zone reports print their Time: line in, as `go tool pprof` does: the process's own
// (TZ, else /etc/localtime) or a named one. The offset comes from Intl; the abbreviation Go prints
// ("CET") from the system's tzdata (TZif) file of the zone, as Go reads it, since Intl only knows
// a few names ("GMT+1" for CET). Falls back to Intl's name when no tzdata file can be read.

import { readFileSync } from 'node:fs';
import type { TimeZone } from '../query/index.js';

interface ZoneInfo {
  readonly transitions: readonly number[];
  readonly typeOfTransition: readonly number[];
  readonly types: readonly { offsetSeconds: number; isDst: boolean; abbreviation: string }[];
  /** The POSIX TZ string that rules times after the last transition ("" when absent). */
  readonly footer: string;
}

const cache = new Map<string, ZoneInfo | undefined>();

function parseTzif(bytes: Buffer): ZoneInfo | undefined {
  if (bytes.length < 44 || bytes.toString('latin1', 0, 4) !== 'TZif') return undefined;
  const version = bytes[4]!;
  // The header's six counts: isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt.
  const header = (at: number) => {
    const count = (i: number) => bytes.readUInt32BE(at + 20 + i * 4);
    return { isUt: count(0), isStd: count(1), leap: count(2), time: count(3), type: count(4), char: count(5) };
  };
  let counts = header(0);
  let at = 44;
  let timeSize = 4;
  if (version >= 0x32) {
    // Skip the 32-bit block; the 64-bit one follows with its own header.
    at += counts.time * 5 + counts.type * 6 + counts.char + counts.leap * 8 + counts.isStd + counts.isUt;
    counts = header(at);
    at += 44;
    timeSize = 8;
  }
  const {
    isUt: isUtCount,
    isStd: isStdCount,
    leap: leapCount,
    time: timeCount,
    type: typeCount,
    char: charCount,
  } = counts;
  const transitions: number[] = [];
  for (let i = 0; i < timeCount; i++, at += timeSize) {
    transitions.push(timeSize === 8 ? Number(bytes.readBigInt64BE(at)) : bytes.readInt32BE(at));
  }
  const typeOfTransition = Array.from(bytes.subarray(at, at + timeCount));
  at += timeCount;
  const rawTypes: { offsetSeconds: number; isDst: boolean; index: number }[] = [];
  for (let i = 0; i < typeCount; i++, at += 6) {
    rawTypes.push({ offsetSeconds: bytes.readInt32BE(at), isDst: bytes[at + 4] === 1, index: bytes[at + 5]! });
  }
  const chars = bytes.toString('latin1', at, at + charCount);
  at += charCount + leapCount * (timeSize + 4) + isStdCount + isUtCount;
  const types = rawTypes.map((t) => ({
    offsetSeconds: t.offsetSeconds,
    isDst: t.isDst,
    abbreviation: chars.slice(t.index, chars.indexOf('\u0000', t.index)),
  }));
  const footer = version >= 0x32 ? (bytes.toString('latin1', at).split('\n')[1] ?? '') : '';
  return { transitions, typeOfTransition, types, footer };
}

function loadZone(name: string | undefined): ZoneInfo | undefined {
  const key = name ?? '';
  if (cache.has(key)) return cache.get(key);
  let file: string;
  if (name === undefined) {
    const tz = process.env.TZ;
    if (tz === undefined) file = '/etc/localtime';
    else if (tz === '' || tz === 'UTC') file = '';
    else file = tz.startsWith('/') ? tz : `/usr/share/zoneinfo/${tz.replace(/^:/, '')}`;
  } else file = name === 'UTC' ? '' : `/usr/share/zoneinfo/${name}`;
  let zone: ZoneInfo | undefined;
  if (file === '') zone = { transitions: [], typeOfTransition: [], types: [], footer: 'UTC0' };
  else {
    try {
      zone = parseTzif(readFileSync(file));
    } catch {
      // No tzdata here (or not a zone name): the caller falls back to Intl's name.
      zone = undefined;
    }
  }
  cache.set(key, zone);
  return zone;
}

/** The offset from UTC, in seconds, that Intl applies in `timeZone` at `date`. */
function intlOffsetSeconds(date: Date, timeZone: string | undefined): number {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(date)
      .find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (match === null) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 3600 + Number(match[3]) * 60);
}

/** Go's zone abbreviation for `date` in `timeZone` (an IANA name; default the process's zone). */
function zoneAbbreviation(date: Date, timeZone: string | undefined, fallback: string): string {
  const zone = loadZone(timeZone);
  if (zone === undefined) return fallback;
  const seconds = Math.floor(date.getTime() / 1000);
  const { transitions } = zone;
  if (
    transitions.length > 0 &&
    seconds >= transitions[0]! &&
    (seconds < transitions[transitions.length - 1]! || zone.footer === '')
  ) {
    let low = 0;
    let high = transitions.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (transitions[middle]! <= seconds) low = middle;
      else high = middle - 1;
    }
    return zone.types[zone.typeOfTransition[low]!]?.abbreviation ?? fallback;
  }
  if (transitions.length > 0 && seconds < transitions[0]!) {
    return (zone.types.find((t) => !t.isDst) ?? zone.types[0])?.abbreviation ?? fallback;
  }
  if (zone.footer === '') return zone.types[0]?.abbreviation ?? fallback;
  // After the last transition the POSIX rule decides: standard or daylight name.
  const names = [...zone.footer.matchAll(/<([^>]*)>|([A-Za-z]{3,})/g)].map((m) => m[1] ?? m[2]!);
  const standard = names[0] ?? fallback;
  const daylight = names[1];
  if (daylight === undefined) return standard;
  const offset = /^(?:<[^>]*>|[A-Za-z]+)([+-]?)(\d+)(?::(\d+))?/.exec(zone.footer);
  const standardOffset =
    offset === null ? 0 : (offset[1] === '-' ? 1 : -1) * (Number(offset[2]) * 3600 + Number(offset[3] ?? 0) * 60);
  return intlOffsetSeconds(date, timeZone) === standardOffset ? standard : daylight;
}

/** Intl's own short name of the zone at `date` ("GMT+1"): the abbreviation when tzdata has none. */
function intlZoneName(date: Date, timeZone: string | undefined): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' }).formatToParts(date);
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? 'UTC';
}

/** The zone `name` (an IANA name), or without one the process's zone, as reports print times in it. */
export function systemTimeZone(name?: string): TimeZone {
  return {
    at(epochMilliseconds) {
      const date = new Date(epochMilliseconds);
      return {
        offsetSeconds: intlOffsetSeconds(date, name),
        abbreviation: zoneAbbreviation(date, name, intlZoneName(date, name)),
      };
    },
  };
}
