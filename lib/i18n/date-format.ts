/**
 * The one way the app writes a date or a time: in the reader's language and time zone, with the UTC time for a
 * title attribute. `<DateTime>` (components/ui/date-time.tsx) renders it on pages; server code that builds text
 * (history sentences, chart labels) calls these. ICU date arguments in messages (`{at, date, medium}`) use the
 * same parts (intl-messageformat's "medium" is year, short month and day).
 */

/**
 * `datetime`: a moment ("Dec 1, 2026, 5:06 AM", "2026年12月1日 05:06"). `date`: the day of a moment in the
 * reader's zone. `day`: a calendar day stored as midnight UTC (a redeem-by day), written as that day in any zone.
 */
export type DateMode = "datetime" | "date" | "day";

const DAY_PARTS: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", day: "numeric" };
const TIME_PARTS: Intl.DateTimeFormatOptions = { hour: "numeric", minute: "2-digit" };

export function dateFormatOptions(mode: DateMode, timeZone: string): Intl.DateTimeFormatOptions {
  if (mode === "day") return { ...DAY_PARTS, timeZone: "UTC" };
  return mode === "datetime" ? { ...DAY_PARTS, ...TIME_PARTS, timeZone } : { ...DAY_PARTS, timeZone };
}

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, mode: DateMode, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}|${mode}|${timeZone}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, dateFormatOptions(mode, timeZone));
    cache.set(key, f);
  }
  return f;
}

/** A date in the reader's language and zone. */
export function formatDate(value: Date | string, opts: { locale: string; timeZone: string; mode?: DateMode }): string {
  return formatter(opts.locale, opts.mode ?? "datetime", opts.timeZone).format(toDate(value));
}

/** Two days as a span ("Jan 13, 2025 – Jan 19, 2025"); one day once. */
export function formatDayRange(start: Date | string, end: Date | string, locale: string): string {
  const [a, b] = [formatDate(start, { locale, timeZone: "UTC", mode: "day" }), formatDate(end, { locale, timeZone: "UTC", mode: "day" })];
  return a === b ? a : `${a} – ${b}`;
}

/** The exact moment in UTC, for the title attribute: "2026-12-01 05:04:23 UTC". */
export function utcTitle(value: Date | string): string {
  return `${toDate(value).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

function toDate(value: Date | string): Date {
  return typeof value === "string" ? new Date(value) : value;
}
