import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { SERVER_ERROR_SOURCE } from "@/lib/logs/server-errors";
import type { RuleFn } from "../types";

/**
 * At least `serverErrorBurst` requests answered 5xx within the window, on any replica: each one is a system-log
 * row written where requests are counted (lib/metrics/http.ts), so the worker sees all replicas' errors without
 * Prometheus. The busiest route is named, as the first place to look.
 */
export const serverErrors: RuleFn = async ({ db, now, thresholds }) => {
  const since = new Date(now.getTime() - thresholds.serverErrorWindowMinutes * 60_000);
  const rows = await queryRows<{ route: string; errors: number }>(db, sql`
    select context->>'route' as route, count(*)::int as errors from system_log
    where source = ${SERVER_ERROR_SOURCE} and at >= ${since.toISOString()}::timestamptz
    group by 1 order by 2 desc, 1
  `);
  const errors = rows.reduce((sum, r) => sum + Number(r.errors), 0);
  if (errors < thresholds.serverErrorBurst) return [];
  return [
    {
      rule: "server_errors" as const,
      subject: "platform",
      details: { errors, route: rows[0].route, threshold: thresholds.serverErrorBurst, windowMinutes: thresholds.serverErrorWindowMinutes },
    },
  ];
};
