import { env } from "@/lib/env";
import { rollupRecent } from "@/lib/fleet/monitor/rollups";
import type { Job } from "../run-job";

/** Hourly and daily latency rollups, the current partial buckets included (lib/fleet/monitor/rollups.ts). */
export const fleetRollups: Job = async ({ db, startedAt }) => {
  const buckets = await rollupRecent(db, startedAt, env().LATENCY_RAW_RETENTION_DAYS);
  return { hourBuckets: buckets.hour, dayBuckets: buckets.day };
};
