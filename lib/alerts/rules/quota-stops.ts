import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import type { RuleFn } from "../types";

/**
 * At least `quotaStopBurst` rentals stopped for their traffic quota (→ over_quota, written to the system log by
 * lib/rentals/transition-rental.ts) within the window: a burst means a billing or counting problem rather than
 * customers using their traffic.
 */
export const quotaStopBurst: RuleFn = async ({ db, now, thresholds }) => {
  const since = new Date(now.getTime() - thresholds.quotaStopWindowMinutes * 60_000);
  const [row] = await queryRows<{ stops: number }>(db, sql`
    select count(*)::int as stops from system_log
    where source = 'rentals' and at >= ${since.toISOString()}::timestamptz and context->>'to' = 'over_quota'
  `);
  const stops = Number(row.stops);
  if (stops < thresholds.quotaStopBurst) return [];
  return [
    {
      rule: "quota_stop_burst" as const,
      subject: "platform",
      details: { stops, threshold: thresholds.quotaStopBurst, windowMinutes: thresholds.quotaStopWindowMinutes },
    },
  ];
};
