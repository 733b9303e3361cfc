import { sql, type SQL } from "drizzle-orm";
import { queryRows, type DbOrTx } from "@/db/client";
import { DAY_MS } from "@/lib/clock";

/**
 * Pruning of monitoring data (run by the daily retention job): raw probe samples older than `rawDays`, hourly
 * rollups older than `hourlyDays` (by bucket start), load samples older than `loadDays`. Daily rollups are
 * kept. "Older" is strictly before now minus the limit. Deleted rows are counted in SQL: a large fleet prunes
 * about a million raw samples a day, which need not travel back as ids.
 */
export type FleetRetention = { rawDays: number; hourlyDays: number; loadDays: number };

export async function pruneFleetSamples(db: DbOrTx, at: Date, limits: FleetRetention) {
  const cutoff = (days: number) => new Date(at.getTime() - days * DAY_MS).toISOString();
  const count = async (deletion: SQL) => {
    const [row] = await queryRows<{ n: number }>(db, sql`with d as (${deletion} returning 1) select count(*)::int as n from d`);
    return Number(row?.n ?? 0);
  };
  return {
    probeSamples: await count(sql`delete from probe_samples where at < ${cutoff(limits.rawDays)}::timestamptz`),
    hourlyRollups: await count(
      sql`delete from probe_rollups where granularity = 'hour' and bucket_start < ${cutoff(limits.hourlyDays)}::timestamptz`,
    ),
    loadSamples: await count(sql`delete from server_load_samples where at < ${cutoff(limits.loadDays)}::timestamptz`),
  };
}
