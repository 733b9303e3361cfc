import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import type { RuleFn } from "../types";

/**
 * At least `refusalSpike` distinct device keys refused by admission (lib/devices: one admission_refusals row per
 * customer and key, stamped with its last attempt) within the window. The table keeps a running count per key,
 * not per attempt in time, so the measure is keys refused recently: one client retrying every second is one,
 * a relay whose customers all lost access (or a scan) is many.
 */
export const admissionRefusalSpike: RuleFn = async ({ db, now, thresholds }) => {
  const since = new Date(now.getTime() - thresholds.refusalWindowMinutes * 60_000);
  const [row] = await queryRows<{ keys: number; customers: number }>(db, sql`
    select count(*)::int as keys, count(distinct user_id)::int as customers from admission_refusals
    where last_at >= ${since.toISOString()}::timestamptz
  `);
  const keys = Number(row.keys);
  if (keys < thresholds.refusalSpike) return [];
  return [
    {
      rule: "admission_refusal_spike" as const,
      subject: "platform",
      details: { keys, customers: Number(row.customers), threshold: thresholds.refusalSpike, windowMinutes: thresholds.refusalWindowMinutes },
    },
  ];
};
