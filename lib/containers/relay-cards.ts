import { and, desc, eq, gte, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { probeSamples, rentals } from "@/db/schema";
import { assertSelfOrAdmin } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/types";
import { now } from "@/lib/clock";
import { relaysOfRentals } from "./list-relays";
import type { RelayView } from "./relay-view";
import { rentalUsageByHour } from "./traffic-views";

export interface RelayProbe {
  at: Date;
  ok: boolean;
  rttMs: number | null;
}

export interface RentalRelays {
  relays: (RelayView & { probe: RelayProbe | null })[];
  /** Bytes relayed per hour, one value per entry of `hours`. */
  usage: number[];
}

/** How far back the card looks for a probe: the latency job runs every few minutes. */
const PROBE_WINDOW_MS = 6 * 3_600_000;

/**
 * What the customer's relay cards show, for the given rentals of `userId` (own, or an admin's view): each
 * rental's live relays with their newest HTTPS probe (from the fleet monitor's samples), and its hourly usage.
 * Rentals of another user among `rentalIds` are dropped, not shown.
 */
export async function relayCards(
  db: DbOrTx,
  actor: SessionUser,
  userId: string,
  rentalIds: readonly string[],
): Promise<{ hours: Date[]; byRental: Map<string, RentalRelays> }> {
  assertSelfOrAdmin(actor, userId);
  const own = rentalIds.length
    ? (await db.select({ id: rentals.id }).from(rentals).where(and(inArray(rentals.id, [...rentalIds]), eq(rentals.userId, userId)))).map((r) => r.id)
    : [];
  const [relays, usage] = await Promise.all([relaysOfRentals(db, own), rentalUsageByHour(db, actor, userId, own)]);
  const probes = await latestProbes(db, relays);
  const byRental = new Map<string, RentalRelays>();
  for (const id of own) byRental.set(id, { relays: [], usage: usage.byRental.get(id) ?? usage.hours.map(() => 0) });
  for (const relay of relays) byRental.get(relay.rental!.id)?.relays.push({ ...relay, probe: probes.get(relay.id) ?? null });
  return { hours: usage.hours, byRental };
}

async function latestProbes(db: DbOrTx, relays: RelayView[]): Promise<Map<string, RelayProbe>> {
  if (!relays.length) return new Map();
  // Bounded by server and time, so the (server_id, at) index serves it; newest first per relay.
  const rows = await db
    .selectDistinctOn([probeSamples.relayId], { relayId: probeSamples.relayId, at: probeSamples.at, ok: probeSamples.ok, rttMs: probeSamples.rttMs })
    .from(probeSamples)
    .where(
      and(
        inArray(probeSamples.serverId, [...new Set(relays.map((r) => r.server.id))]),
        inArray(probeSamples.relayId, relays.map((r) => r.id)),
        eq(probeSamples.kind, "https"),
        gte(probeSamples.at, new Date(now().getTime() - PROBE_WINDOW_MS)),
      ),
    )
    .orderBy(probeSamples.relayId, desc(probeSamples.at));
  return new Map(rows.map((r) => [r.relayId!, { at: r.at, ok: r.ok, rttMs: r.rttMs }]));
}

/** Seconds since the relay started, while it runs; null otherwise. */
export function uptimeSeconds(relay: Pick<RelayView, "state" | "startedAt">, at = now()): number | null {
  if (relay.state !== "running" || !relay.startedAt) return null;
  return Math.max(0, Math.floor((at.getTime() - relay.startedAt.getTime()) / 1000));
}

