import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import type { RuleFn } from "../types";

/** The window looked at, and how many probes in it must all have failed (one lost probe is noise). */
export const RELAY_PROBE_WINDOW_MS = 5 * 60_000;
export const RELAY_PROBE_MIN_FAILURES = 2;

/**
 * A live relay (canary or customer) whose probes in the last five minutes all failed, at least two of them
 * (probe_samples, written by the latency job). Relays of a disabled server are left out: nobody expects them up.
 */
export const relayProbeFailing: RuleFn = async ({ db, now }) => {
  const since = new Date(now.getTime() - RELAY_PROBE_WINDOW_MS);
  const rows = await queryRows<{ relay_id: string; hostname: string; server: string; failures: number; last_error: string | null }>(db, sql`
    select r.id as relay_id, r.hostname, s.name as server, count(*)::int as failures,
           (array_agg(p.error order by p.at desc))[1] as last_error
    from probe_samples p
    join relays r on r.id = p.relay_id
    join servers s on s.id = r.server_id
    where p.at >= ${since.toISOString()}::timestamptz and r.state <> 'released' and s.enabled
    group by r.id, r.hostname, s.name
    having bool_and(not p.ok) and count(*) >= ${RELAY_PROBE_MIN_FAILURES}
  `);
  return rows.map((r) => ({
    rule: "relay_probe_failing" as const,
    subject: r.relay_id,
    details: { relay: r.hostname, server: r.server, failures: Number(r.failures), error: r.last_error?.slice(0, 300) ?? null },
  }));
};
