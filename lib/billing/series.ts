import { addUtcDays, utcDay } from "@/lib/utc-day";

/** Every UTC day in [from, to) as "YYYY-MM-DD". */
export function dayBuckets(from: Date, to: Date): string[] {
  const out: string[] = [];
  for (let d = from; d < to; d = addUtcDays(d, 1)) out.push(utcDay(d));
  return out;
}

/** Every UTC month touched by [from, to) as "YYYY-MM". */
export function monthBuckets(from: Date, to: Date): string[] {
  const out: string[] = [];
  const last = utcDay(new Date(to.getTime() - 1)).slice(0, 7);
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1));
  while (utcDay(d).slice(0, 7) <= last) {
    out.push(utcDay(d).slice(0, 7));
    d.setUTCMonth(d.getUTCMonth() + 1);
  }
  return out;
}

/** Points for each bucket, with zero where nothing was sold, so charts show gaps as gaps. */
export function fillSeries<T extends { bucket: string }>(buckets: string[], points: T[], zero: (bucket: string) => T): T[] {
  const byBucket = new Map(points.map((p) => [p.bucket, p]));
  return buckets.map((b) => byBucket.get(b) ?? zero(b));
}
