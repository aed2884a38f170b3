// The Time: line of pprof's legend: Go's time.Format("Jan 2, 2006 at 3:04pm (MST)") in a time zone
// the caller passes. This layer reads no clock, environment or zone database: the CLI passes the
// local zone (as `go tool pprof` prints local time), the viewer UTC.

/** A time zone as the legend needs it: the offset from UTC and Go's abbreviation at an instant. */
export interface TimeZone {
  at(epochMilliseconds: number): { readonly offsetSeconds: number; readonly abbreviation: string };
}

export const UTC_TIME_ZONE: TimeZone = { at: () => ({ offsetSeconds: 0, abbreviation: 'UTC' }) };

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's "2006": at least four digits, zero-padded. */
function goYear(year: number): string {
  const digits = String(Math.abs(year)).padStart(4, '0');
  return year < 0 ? `-${digits}` : digits;
}

/** The profile's time (Unix nanoseconds) as pprof's legend prints it, in `zone`. */
export function formatProfileTime(timeNanos: bigint, zone: TimeZone): string {
  const milliseconds = Number(timeNanos / 1_000_000n);
  const { offsetSeconds, abbreviation } = zone.at(milliseconds);
  // The zone's wall clock, read with the UTC getters.
  const wall = new Date(milliseconds + offsetSeconds * 1000);
  const hours = wall.getUTCHours();
  const hour12 = hours % 12 === 0 ? 12 : hours % 12;
  const minutes = String(wall.getUTCMinutes()).padStart(2, '0');
  const date = `${MONTHS[wall.getUTCMonth()]} ${wall.getUTCDate()}, ${goYear(wall.getUTCFullYear())}`;
  return `${date} at ${hour12}:${minutes}${hours < 12 ? 'am' : 'pm'} (${abbreviation})`;
}
