import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { queryRows, type DbOrTx } from "@/db/client";
import { relays, type ProbeKind } from "@/db/schema";
import type { LatencyReading, ServerLatency } from "./server-view";

/** Running and live (not released) customer relays per server. */
export async function relayCounts(db: DbOrTx, serverIds: string[]): Promise<Map<string, { running: number; live: number }>> {
  if (serverIds.length === 0) return new Map();
  const rows = await db
    .select({
      serverId: relays.serverId,
      running: sql<number>`(count(*) filter (where ${relays.state} = 'running'))::int`,
      live: sql<number>`count(*)::int`,
    })
    .from(relays)
    .where(and(inArray(relays.serverId, serverIds), eq(relays.kind, "customer"), ne(relays.state, "released")))
    .groupBy(relays.serverId);
  return new Map(rows.map((r) => [r.serverId, { running: Number(r.running), live: Number(r.live) }]));
}

/**
 * The newest probe sample of each kind per server, as the latency job wrote it. One index walk per server and
 * kind (probe_samples_server_at_idx, newest first), however many samples are kept.
 */
export async function latestLatency(db: DbOrTx, serverIds: string[]): Promise<Map<string, ServerLatency>> {
  const out = new Map<string, ServerLatency>();
  if (serverIds.length === 0) return out;
  const rows = await queryRows<{ server_id: string; kind: ProbeKind; at: Date | string; ok: boolean; rtt_ms: number | null; error: string | null }>(
    db,
    sql`select s.id as server_id, k.kind, p.at, p.ok, p.rtt_ms, p.error
        from servers s
        cross join (values ('https'::probe_kind), ('stun'::probe_kind)) as k(kind)
        join lateral (
          select ps.at, ps.ok, ps.rtt_ms, ps.error from probe_samples ps
          where ps.server_id = s.id and ps.kind = k.kind
          order by ps.at desc limit 1
        ) p on true
        where s.id in (${sql.join(
          serverIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
  );
  for (const r of rows) {
    const reading: LatencyReading = { at: new Date(r.at), ok: r.ok, rttMs: r.rtt_ms === null ? null : Number(r.rtt_ms), error: r.error };
    const current = out.get(r.server_id) ?? { https: null, stun: null };
    current[r.kind] = reading;
    out.set(r.server_id, current);
  }
  return out;
}
