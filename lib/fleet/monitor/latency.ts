import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { probeSamples, relays, servers } from "@/db/schema";
import { now as clockNow } from "@/lib/clock";
import { probeRelays, type ProbeCycleOptions, type RelayEndpoint } from "../probe-cycle";

/**
 * The latency cycle (fleet-latency job, every FLEET_LATENCY_INTERVAL_SECONDS): every running relay, canary and
 * customer, on any server, gets the pinned HTTPS /derp/probe round trip and a Tailscale-style STUN round trip
 * (probe-cycle.ts, at most 64 relays at a time). Relays are probed whether or not their server's Docker API
 * answers: customers reach the relay, not the engine. Each result is a raw sample; the relay row keeps the
 * time and outcome of its last probe (ok = both probes ok).
 */

export type LatencyCycleOptions = ProbeCycleOptions & { serverIds?: readonly string[] };

export type LatencyCycleSummary = { relays: number; samples: number; failed: number };

export async function runLatencyCycle(db: DbOrTx, options: LatencyCycleOptions = {}): Promise<LatencyCycleSummary> {
  const rows = await db
    .select({
      id: relays.id,
      serverId: relays.serverId,
      derpPort: relays.derpPort,
      stunPort: relays.stunPort,
      hostname: relays.hostname,
      certName: relays.certName,
      host: servers.publicIpv4,
    })
    .from(relays)
    .innerJoin(servers, eq(servers.id, relays.serverId))
    .where(and(eq(relays.state, "running"), options.serverIds ? inArray(relays.serverId, [...options.serverIds]) : undefined));
  if (rows.length === 0) return { relays: 0, samples: 0, failed: 0 };

  const endpoints: RelayEndpoint[] = rows.map((r) => ({
    id: r.id,
    host: r.host,
    derpPort: r.derpPort,
    stunPort: r.stunPort,
    hostname: r.hostname,
    // No pin: a domain relay, verified against the system's CAs.
    certName: r.certName ?? undefined,
  }));
  const results = await probeRelays(endpoints, options);
  const serverOf = new Map(rows.map((r) => [r.id, r.serverId]));

  const samples: (typeof probeSamples.$inferInsert)[] = [];
  const okIds: string[] = [];
  const failedIds: string[] = [];
  for (const r of results) {
    const serverId = serverOf.get(r.id)!;
    samples.push({ serverId, relayId: r.id, kind: "https", at: r.at, ok: r.https.ok, rttMs: r.https.ok ? r.https.rttMs : null, error: r.https.error });
    if (r.stun) {
      samples.push({ serverId, relayId: r.id, kind: "stun", at: r.at, ok: r.stun.ok, rttMs: r.stun.ok ? r.stun.rttMs : null, error: r.stun.error });
    }
    (r.https.ok && (r.stun?.ok ?? true) ? okIds : failedIds).push(r.id);
  }
  const at = clockNow();
  await db.transaction(async (tx) => {
    // A relay (or its server) removed while the cycle probed takes its samples with it, rather than failing the
    // whole cycle's insert on the foreign key. The key-share lock keeps the rest from going away until commit.
    const probedIds = results.map((r) => r.id);
    const alive = new Set(
      probedIds.length
        ? (await tx.select({ id: relays.id }).from(relays).where(inArray(relays.id, probedIds)).for("key share")).map((r) => r.id)
        : [],
    );
    const kept = samples.filter((s) => alive.has(s.relayId!));
    // Chunks keep each statement well under Postgres's 65535 parameters.
    for (let i = 0; i < kept.length; i += 1000) await tx.insert(probeSamples).values(kept.slice(i, i + 1000));
    if (okIds.length) await tx.update(relays).set({ lastProbeAt: at, lastProbeOk: true }).where(inArray(relays.id, okIds));
    if (failedIds.length) await tx.update(relays).set({ lastProbeAt: at, lastProbeOk: false }).where(inArray(relays.id, failedIds));
  });
  return { relays: rows.length, samples: samples.length, failed: failedIds.length };
}
