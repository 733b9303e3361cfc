import { formatDayRange } from "@/lib/i18n/date-format";
import { addUtcDays, utcDay } from "@/lib/utc-day";

/**
 * Chart buckets over UTC days. A bucket is named by the first and last day it counts, both inclusive and clipped
 * to the range, so a chart can say exactly which days each bar holds ("Jan 15 – 31, 2025" for a range that starts
 * mid-month), and the bucket unit is chosen from the range's length so a chart has a readable number of bars.
 */

export const BUCKETS = ["day", "week", "month", "year"] as const;
export type Bucket = (typeof BUCKETS)[number];

/** Days, up to a quarter; weeks up to about half a year; months up to four years; years beyond. */
export function bucketFor(days: number): Bucket {
  if (days <= 92) return "day";
  if (days <= 190) return "week";
  if (days <= 1461) return "month";
  return "year";
}

export interface BucketSpan {
  /** The first day counted ("2025-01-15"): the key of the bucket. */
  bucket: string;
  /** The last day counted, inclusive. */
  bucketEnd: string;
}

/** Midnight UTC at the start of the `unit` holding `day`: weeks start on Monday, as in ISO 8601 and Postgres. */
export function periodStart(day: Date, unit: Bucket): Date {
  const y = day.getUTCFullYear();
  const m = day.getUTCMonth();
  const d = day.getUTCDate();
  if (unit === "day") return new Date(Date.UTC(y, m, d));
  if (unit === "week") return addUtcDays(new Date(Date.UTC(y, m, d)), -((day.getUTCDay() + 6) % 7));
  const start = new Date(Date.UTC(2000, unit === "month" ? m : 0, 1));
  start.setUTCFullYear(y); // Date.UTC would read years 0-99 as 1900-1999
  return start;
}

function nextPeriod(start: Date, unit: Bucket): Date {
  if (unit === "day") return addUtcDays(start, 1);
  if (unit === "week") return addUtcDays(start, 7);
  const next = new Date(start);
  if (unit === "month") next.setUTCMonth(next.getUTCMonth() + 1);
  else next.setUTCFullYear(next.getUTCFullYear() + 1);
  return next;
}

/** Every bucket of `unit` that touches the days [from, until), oldest first, clipped to them. */
export function bucketSpans(from: Date, until: Date, unit: Bucket): BucketSpan[] {
  const out: BucketSpan[] = [];
  for (let start = periodStart(from, unit); start < until; start = nextPeriod(start, unit)) {
    const end = nextPeriod(start, unit);
    out.push({
      bucket: utcDay(start < from ? from : start),
      bucketEnd: utcDay(addUtcDays(end < until ? end : until, -1)),
    });
  }
  return out;
}

/** Points for each bucket, with zero where nothing was sold, so charts show gaps as gaps. */
export function fillSeries<T extends { bucket: string }>(buckets: string[], points: T[], zero: (bucket: string) => T): T[] {
  const byBucket = new Map(points.map((p) => [p.bucket, p]));
  return buckets.map((b) => byBucket.get(b) ?? zero(b));
}

/** A bucket's names in `locale`: short for the axis, and the exact days it holds for the tooltip. */
export function bucketLabels(span: BucketSpan, unit: Bucket, locale: string): { axis: string; full: string } {
  const start = new Date(`${span.bucket}T00:00:00Z`);
  const end = new Date(`${span.bucketEnd}T00:00:00Z`);
  const f = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { timeZone: "UTC", ...options });
  // Exact days in the app's one date format.
  const range = formatDayRange(start, end, locale);
  const whole = span.bucket === utcDay(periodStart(start, unit)) && span.bucketEnd === utcDay(addUtcDays(nextPeriod(periodStart(start, unit), unit), -1));
  switch (unit) {
    case "day":
      return { axis: f({ month: "short", day: "numeric" }).format(start), full: range };
    case "week":
      return { axis: f({ month: "short", day: "numeric" }).format(start), full: range };
    case "month":
      return { axis: f({ year: "numeric", month: "short" }).format(start), full: whole ? f({ year: "numeric", month: "long" }).format(start) : range };
    case "year":
      return { axis: f({ year: "numeric" }).format(start), full: whole ? f({ year: "numeric" }).format(start) : range };
  }
}
