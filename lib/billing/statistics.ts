import { sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows, type DbOrTx } from "@/db/client";
import type { SessionUser } from "@/lib/auth/current-user";
import { DAY_MS, now } from "@/lib/clock";
import { assertAdmin } from "@/lib/auth/access";
import { dateRangeFields, toDayRange } from "@/lib/http/date-range";
import { addUtcDays, startOfUtcDay, utcDay } from "@/lib/utc-day";
import { BUCKETS, bucketFor, bucketSpans, type Bucket, type BucketSpan } from "./series";

const MAX_RANGE_DAYS = 3_660;

/**
 * `?from&to` (inclusive UTC days; default the last 30 days, today included) and `?groupBy=day|week|month|year`
 * (default: chosen from the range's length, see bucketFor).
 */
export const statisticsQuery = z
  .object({ ...dateRangeFields, groupBy: z.enum(BUCKETS).optional() })
  .transform(toDayRange)
  .transform((q) => {
    const until = q.until ?? addUtcDays(startOfUtcDay(now()), 1);
    const from = q.from ?? addUtcDays(until, -30);
    return { from, until, groupBy: q.groupBy ?? bucketFor(Math.round((until.getTime() - from.getTime()) / DAY_MS)) };
  })
  .refine((q) => q.from < q.until, { message: "range_invalid", path: ["to"] })
  .refine((q) => q.until.getTime() - q.from.getTime() <= MAX_RANGE_DAYS * DAY_MS, {
    message: "range_too_long",
    path: ["from"],
  });
export type StatisticsQuery = z.output<typeof statisticsQuery>;

/** Sums are integers in minor units, one row per currency: amounts in different currencies never mix. */
export interface MoneySum {
  currency: string;
  amountMinor: number;
  orders: number;
}

export interface FinanceStatistics {
  /** The first and the last UTC day counted, both inclusive ("2025-01-31"). */
  from: string;
  to: string;
  /** The bucket of `series` and `redemptions`: the one asked for, or the one chosen from the range. */
  groupBy: Bucket;
  totals: MoneySum[];
  /**
   * Revenue per bucket and currency, oldest first, only buckets with sales. `bucket` and `bucketEnd` are the
   * first and last day the bucket counts (inclusive, clipped to the range: a month bucket of a range that starts
   * on the 15th starts on the 15th).
   */
  series: (MoneySum & BucketSpan)[];
  perPlan: (MoneySum & { planId: string; planNameEn: string; planNameZh: string })[];
  /** Orders without a channel are grouped under null. */
  perChannel: (MoneySum & { channel: string | null })[];
  /** Redemptions (paid orders) per bucket, all currencies together. */
  redemptions: (BucketSpan & { count: number })[];
  /** Rentals right now, whatever the date range. */
  rentalsNow: { active: number; pending: number; overQuota: number; suspended: number };
}

interface Row extends Record<string, unknown> {
  kind: string;
  bucket: string | null;
  plan_id: string | null;
  channel: string | null;
  currency: string | null;
  amount: string | number;
  n: string | number;
}

/**
 * Revenue for the UTC days from `from` up to before `until`, read from the daily rollup (revenue_daily) rather than from every
 * order, so the cost grows with the number of days, not of orders. One query with GROUPING SETS gives
 * totals, buckets, plans and channels, all in integer minor units per currency.
 */
export async function getFinanceStatistics(
  db: DbOrTx,
  actor: SessionUser,
  query: StatisticsQuery,
): Promise<FinanceStatistics> {
  assertAdmin(actor);
  const rows = await queryRows<Row>(
    db,
    sql`select
          case
            when grouping(bucket) = 0 then 'bucket'
            when grouping(plan_id) = 0 then 'plan'
            when grouping(channel) = 0 then 'channel'
            else 'total'
          end as kind,
          to_char(bucket, 'YYYY-MM-DD') as bucket,
          plan_id::text as plan_id, channel, currency,
          sum(amount_minor)::bigint as amount, sum(orders)::bigint as n
        from (
          -- The bucket is named by its first day inside the range (weeks start on Monday, as in bucketSpans).
          select greatest(date_trunc(${query.groupBy}, day::timestamp)::date, ${utcDay(query.from)}::date) as bucket,
                 plan_id, channel, currency, amount_minor, orders
          from revenue_daily
          where day >= ${utcDay(query.from)}::date and day < ${utcDay(query.until)}::date
        ) x
        group by grouping sets ((bucket, currency), (plan_id, currency), (channel, currency), (currency))`,
  );
  const planRows = await queryRows<{ id: string; name_en: string; name_zh: string }>(
    db,
    sql`select id::text as id, name_en, name_zh from plans`,
  );
  const planNames = new Map(planRows.map((p) => [p.id, p]));
  const [rentalRow] = await queryRows<{ active: string | number; pending: string | number; over_quota: string | number; suspended: string | number }>(
    db,
    sql`select count(*) filter (where status = 'active') as active,
               count(*) filter (where status = 'pending') as pending,
               count(*) filter (where status = 'over_quota') as over_quota,
               count(*) filter (where status = 'suspended') as suspended
        from rentals where status in ('active', 'pending', 'over_quota', 'suspended')`,
  );

  const sum = (r: Row): MoneySum => ({ currency: r.currency ?? "", amountMinor: Number(r.amount), orders: Number(r.n) });
  const byBucket = (a: { bucket: string; currency: string }, b: { bucket: string; currency: string }) =>
    a.bucket.localeCompare(b.bucket) || a.currency.localeCompare(b.currency);
  const byAmount = (a: MoneySum, b: MoneySum) => a.currency.localeCompare(b.currency) || b.amountMinor - a.amountMinor;

  const spans = new Map(bucketSpans(query.from, query.until, query.groupBy).map((b) => [b.bucket, b]));
  const spanOf = (bucket: string): BucketSpan => spans.get(bucket) ?? { bucket, bucketEnd: bucket };
  const totals = rows.filter((r) => r.kind === "total").map(sum).sort(byAmount);
  const series = rows.filter((r) => r.kind === "bucket").map((r) => ({ ...spanOf(r.bucket!), ...sum(r) })).sort(byBucket);
  const perPlan = rows
    .filter((r) => r.kind === "plan")
    .map((r) => ({
      planId: r.plan_id!,
      planNameEn: planNames.get(r.plan_id!)?.name_en ?? r.plan_id!,
      planNameZh: planNames.get(r.plan_id!)?.name_zh ?? r.plan_id!,
      ...sum(r),
    }))
    .sort(byAmount);
  const perChannel = rows
    .filter((r) => r.kind === "channel")
    .map((r) => ({ channel: r.channel, ...sum(r) }))
    .sort(byAmount);
  const counts = new Map<string, number>();
  for (const p of series) counts.set(p.bucket, (counts.get(p.bucket) ?? 0) + p.orders);

  return {
    from: utcDay(query.from),
    to: utcDay(addUtcDays(query.until, -1)),
    groupBy: query.groupBy,
    totals,
    series,
    perPlan,
    perChannel,
    redemptions: [...counts].map(([bucket, count]) => ({ ...spanOf(bucket), count })),
    rentalsNow: {
      active: Number(rentalRow?.active ?? 0),
      pending: Number(rentalRow?.pending ?? 0),
      overQuota: Number(rentalRow?.over_quota ?? 0),
      suspended: Number(rentalRow?.suspended ?? 0),
    },
  };
}
