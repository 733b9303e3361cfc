import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import type { RuleFn } from "../types";

/** The window of the p95, and the fewest successful probes in it that make a p95 worth believing. */
export const PROBE_P95_WINDOW_MS = 15 * 60_000;
export const PROBE_P95_MIN_SAMPLES = 5;

/** A server whose successful probes of one kind (https, stun) had a p95 round trip over the threshold in the last 15 minutes. */
export const probeP95High: RuleFn = async ({ db, now, thresholds }) => {
  const since = new Date(now.getTime() - PROBE_P95_WINDOW_MS);
  const rows = await queryRows<{ server_id: string; server: string; kind: string; p95: number; samples: number }>(db, sql`
    select p.server_id, s.name as server, p.kind::text as kind,
           percentile_cont(0.95) within group (order by p.rtt_ms) as p95, count(*)::int as samples
    from probe_samples p
    join servers s on s.id = p.server_id
    where p.at >= ${since.toISOString()}::timestamptz and p.ok and p.rtt_ms is not null and s.enabled
    group by p.server_id, s.name, p.kind
    having count(*) >= ${PROBE_P95_MIN_SAMPLES} and percentile_cont(0.95) within group (order by p.rtt_ms) > ${thresholds.probeP95Ms}
  `);
  return rows.map((r) => ({
    rule: "probe_p95_high" as const,
    subject: `${r.server_id}:${r.kind}`,
    details: { server: r.server, kind: r.kind, p95Ms: Math.round(Number(r.p95)), thresholdMs: thresholds.probeP95Ms, samples: Number(r.samples) },
  }));
};
