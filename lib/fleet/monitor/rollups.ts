import { sql } from "drizzle-orm";
import { queryRows, type DbOrTx } from "@/db/client";
import { DAY_MS } from "@/lib/clock";

/**
 * Hourly and daily latency rollups per server and probe kind, computed in SQL from the raw samples and upserted,
 * so recomputing a bucket (the current, partial one on every run; older ones after a missed run) gives the same
 * row. Over the samples that succeeded: min, avg, p95 (percentile_cont: linear interpolation between the
 * closest ranks) and max; `samples` counts every sample and `failures` the failed ones (loss = failures /
 * samples). A daily p95 is computed from the raw samples of the day, never from hourly p95s.
 */

export type Granularity = "hour" | "day";

const HOUR_MS = 3_600_000;
const SIZE_MS: Record<Granularity, number> = { hour: HOUR_MS, day: DAY_MS };

export const floorTo = (at: Date, g: Granularity) => new Date(Math.floor(at.getTime() / SIZE_MS[g]) * SIZE_MS[g]);
const ceilTo = (at: Date, g: Granularity) => new Date(Math.ceil(at.getTime() / SIZE_MS[g]) * SIZE_MS[g]);

/** Recomputes every bucket of `granularity` that starts in [from, to); both are aligned down to the bucket. */
export async function rollupProbeSamples(db: DbOrTx, granularity: Granularity, from: Date, to: Date): Promise<number> {
  const start = floorTo(from, granularity).toISOString();
  const end = floorTo(to, granularity).toISOString();
  const rows = await queryRows<{ n: number }>(
    db,
    sql`
      with upserted as (
        insert into probe_rollups (server_id, kind, granularity, bucket_start, samples, failures, min_ms, avg_ms, p95_ms, max_ms)
        select server_id, kind, ${granularity}::rollup_granularity, date_trunc(${granularity}, at, 'UTC'),
               count(*)::int,
               (count(*) filter (where not ok))::int,
               min(rtt_ms) filter (where ok and rtt_ms is not null),
               avg(rtt_ms) filter (where ok and rtt_ms is not null),
               percentile_cont(0.95) within group (order by rtt_ms) filter (where ok and rtt_ms is not null),
               max(rtt_ms) filter (where ok and rtt_ms is not null)
          from probe_samples
         where at >= ${start}::timestamptz and at < ${end}::timestamptz
         group by 1, 2, 4
        on conflict (server_id, kind, granularity, bucket_start) do update
           set samples = excluded.samples, failures = excluded.failures, min_ms = excluded.min_ms,
               avg_ms = excluded.avg_ms, p95_ms = excluded.p95_ms, max_ms = excluded.max_ms
        returning 1
      )
      select count(*)::int as n from upserted`,
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * The rollup job's range per granularity: from the newest bucket already stored (it may have been partial) or,
 * with none, the oldest raw sample, up to and including the current bucket. Never before the raw retention
 * limit, where raw samples are already (partly) pruned and would overwrite a complete rollup with a partial one.
 */
export async function rollupRecent(db: DbOrTx, at: Date, rawRetentionDays: number): Promise<Record<Granularity, number>> {
  const out = { hour: 0, day: 0 } as Record<Granularity, number>;
  const [{ oldest }] = await queryRows<{ oldest: string | Date | null }>(db, sql`select min(at) as oldest from probe_samples`);
  if (!oldest) return out;
  for (const g of ["hour", "day"] as const) {
    const [{ newest }] = await queryRows<{ newest: string | Date | null }>(
      db,
      sql`select max(bucket_start) as newest from probe_rollups where granularity = ${g}::rollup_granularity`,
    );
    const current = floorTo(at, g);
    const limit = ceilTo(new Date(at.getTime() - rawRetentionDays * DAY_MS), g);
    let from = newest ? new Date(newest) : floorTo(new Date(oldest), g);
    // Always the previous bucket too: samples written just after its end (a cycle that straddled it).
    const previous = new Date(current.getTime() - SIZE_MS[g]);
    if (from > previous) from = previous;
    if (from < limit) from = limit;
    out[g] = await rollupProbeSamples(db, g, from, new Date(current.getTime() + SIZE_MS[g]));
  }
  return out;
}
