import { z } from "zod";

import "./messages";
import { IANAZone } from "luxon";

// A till's clock as it sent it (DESIGN.md §7 "Clock spellings", §3.9). This is the one
// parser for tRPC, REST, the CSV importer and the POS: whatever it accepts the server
// records; anything else is malformed input.

/** A wall-clock time with no offset: local time in the shop's time zone. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/**
 * The clock a sale was rung up at. `text` is what the till sent (a Date is kept as its
 * ISO form); `instant` when it named one (an offset, `Z`, or a Date); `local` when it
 * gave a naive time, which only the shop's time zone turns into an instant.
 */
export type ClientClock = { text: string; instant: Date; local?: undefined } | { text: string; local: LocalDateTime; instant?: undefined };

// date, `T` or a space, hh:mm[:ss[.fraction 1-9]], then Z | ±hh:mm | ±hhmm | ±hh | nothing.
const SPELLING = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** The longest spelling: "2026-01-31T14:30:00.123456789+05:30". */
export const CLIENT_CLOCK_MAX_LENGTH = 35;

const daysIn = (year: number, month: number) =>
  [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;

/** Milliseconds since the epoch of a wall-clock time read as UTC; any year, 0000 included. */
export function utcMillis(t: LocalDateTime): number {
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  date.setUTCFullYear(t.year, t.month - 1, t.day);
  date.setUTCHours(t.hour, t.minute, t.second, t.millisecond);
  return date.getTime();
}

/**
 * Parses a clock in one of §7's spellings; null when it is not one (or names a day or
 * time that does not exist, such as 2026-02-30 or 24:00). Fractions finer than a
 * millisecond are cut off, as the database keeps milliseconds.
 */
export function parseClientClock(text: string): ClientClock | null {
  const match = SPELLING.exec(text);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, fraction, offset] = match;
  const local: LocalDateTime = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: s === undefined ? 0 : Number(s),
    millisecond: fraction === undefined ? 0 : Number(fraction.padEnd(3, "0").slice(0, 3)),
  };
  if (local.month < 1 || local.month > 12 || local.day < 1 || local.day > daysIn(local.year, local.month)) return null;
  if (local.hour > 23 || local.minute > 59 || local.second > 59) return null;
  if (offset === undefined) return { text, local };
  let offsetMinutes = 0;
  if (offset !== "Z") {
    const hours = Number(offset.slice(1, 3));
    const minutes = offset.length > 3 ? Number(offset.slice(-2)) : 0;
    if (hours > 23 || minutes > 59) return null;
    offsetMinutes = (offset.startsWith("-") ? -1 : 1) * (hours * 60 + minutes);
  }
  return { text, instant: new Date(utcMillis(local) - offsetMinutes * 60_000) };
}

/**
 * The instant a naive wall-clock time names in an IANA time zone (§7): in a DST overlap
 * (the hour that happens twice) the earlier instant, in a DST gap (the hour that never
 * happens) the time moved forward by the gap, e.g. 02:30 on the spring-forward night in
 * Europe/Berlin is 03:30 CEST. The zone's offsets come from luxon (the runtime's Intl
 * data), which on its own picks the later instant of an overlap.
 */
export function resolveLocalTime(local: LocalDateTime, timeZone: string): Date {
  const zone = IANAZone.create(timeZone);
  if (!zone.isValid) throw new Error(`Unknown time zone: ${timeZone}`);
  const wall = utcMillis(local);
  // The offsets in force a day either side of the wall time cover any single transition.
  const before = zone.offset(wall - 86_400_000);
  const after = zone.offset(wall + 86_400_000);
  const fits = [before, after].map((offset) => wall - offset * 60_000).filter((at) => zone.offset(at) * 60_000 === wall - at);
  if (fits.length > 0) return new Date(Math.min(...fits));
  // A gap: read with the offset before the transition, which lands after it by the gap's length.
  return new Date(wall - before * 60_000);
}

/** The instant of a clock: naive ones read in `timeZone`. */
export function clockInstant(clock: ClientClock, timeZone: string): Date {
  return clock.instant ?? resolveLocalTime(clock.local, timeZone);
}

const MIN_STORABLE = utcMillis({ year: 1, month: 1, day: 1, hour: 0, minute: 0, second: 0, millisecond: 0 });
const MAX_STORABLE = utcMillis({ year: 9999, month: 12, day: 31, hour: 23, minute: 59, second: 59, millisecond: 999 });

/**
 * Whether PostgreSQL's timestamptz can take this instant as an ISO string: years 0001 to
 * 9999 in UTC. It has no year 0, and JavaScript writes other years as "-000001" or
 * "+200000", which it refuses. An instant outside is still recorded, as the text sent.
 */
export const isStorableInstant = (at: Date) => at.getTime() >= MIN_STORABLE && at.getTime() <= MAX_STORABLE;

// Staff read it on a rejected sale (Needs review, the till) as well as integrators; the exact
// spellings are docs/api.md's and the OpenAPI document's.
const clockMessage = "The sale’s time is not a date and time Tillsync can read: write it like 2026-01-31 14:30, or 2026-01-31T14:30:00Z with the offset";

/** A clock sent as text (REST, CSV): §7's spellings only. */
export const clientClockText = z
  .string()
  .max(CLIENT_CLOCK_MAX_LENGTH, clockMessage)
  .transform((text, ctx) => {
    const clock = parseClientClock(text);
    if (clock) return clock;
    ctx.addIssue({ code: "custom", message: clockMessage });
    return z.NEVER;
  });

/** A clock sent as text or, over tRPC, as a Date (superjson) of any year JavaScript has. */
export const clientClock = z.union([z.date().transform((at): ClientClock => ({ text: at.toISOString(), instant: at })), clientClockText], {
  // One message for staff and integrators, not zod's "Invalid input" over both options.
  error: clockMessage,
});
