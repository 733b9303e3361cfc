import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { relays, rentals, servers, type Relay, type RelayState } from "@/db/schema";
import { now } from "@/lib/clock";
import { conflict } from "@/lib/errors";
import { changesDerpMap } from "@/lib/derp-map/relay-change";
import { regenerateDerpMap } from "@/lib/derp-map/versions";
import { recordHistory } from "@/lib/history/record-history";
import { writeSystemLog } from "@/lib/logs/system-log";
import { notifyAdmissionChange } from "@/lib/devices/admission-invalidation";

/**
 * The one way a customer relay's state changes (`creating → running → stopped → released`, or `failed`): the
 * row, a history entry for the rental's owner and a system-log line, in one transaction. `reason` is a short
 * code the UI translates (allocation, admin, quota, expiry, grace_over, restart, moved, reconcile, …).
 */
export async function setRelayState(
  db: DbOrTx,
  relay: Pick<Relay, "id">,
  to: RelayState,
  opts: { reason: string; detail?: string | null; actorId?: string | null; set?: Partial<typeof relays.$inferInsert> },
): Promise<Relay> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ relay: relays, userId: rentals.userId, serverName: servers.name })
      .from(relays)
      .innerJoin(servers, eq(servers.id, relays.serverId))
      .leftJoin(rentals, eq(rentals.id, relays.rentalId))
      .where(eq(relays.id, relay.id))
      .for("update", { of: relays });
    if (!row) throw new Error(`relay ${relay.id} is gone`);
    const from = row.relay.state;
    // Released is final: its ports may already be someone else's. A run that brought a container up while the
    // row was released under it (reconciliation gave up on it, a move replaced it) must not revive the row.
    if (from === "released" && to !== "released") throw conflict("container_released");
    const at = now();
    const [updated] = await tx
      .update(relays)
      .set({
        ...opts.set,
        state: to,
        stateReason: opts.detail ?? (to === "running" ? null : opts.reason),
        ...(from !== to ? { stateChangedAt: at } : {}),
        ...(to === "running" && from !== "running" ? { startedAt: at } : {}),
        updatedAt: at,
      })
      .where(eq(relays.id, relay.id))
      .returning();
    // The owner's DERP map follows in the same transaction (a new version only when its content differs).
    if (row.userId && row.relay.kind === "customer" && changesDerpMap(row.relay, updated)) {
      await regenerateDerpMap(tx, row.userId, `relay_${opts.reason}`);
    }
    if (from === to) return updated;
    // A relay that starts, moves or goes away changes which secret means what: every admission cache forgets.
    await notifyAdmissionChange(tx, {});
    const facts = { relayId: relay.id, rentalId: row.relay.rentalId, node: row.relay.node, from, to, reason: opts.reason, server: row.serverName };
    if (row.userId && row.relay.rentalId) {
      await recordHistory(tx, row.userId, "relay_state", { ...facts, rentalId: row.relay.rentalId }, opts.actorId);
    }
    await writeSystemLog(tx, {
      level: to === "failed" ? "warn" : "info",
      source: "containers",
      message: `relay ${from} → ${to} (${opts.reason})${opts.detail ? `: ${opts.detail}` : ""}`,
      context: { ...facts, serverId: row.relay.serverId, actorId: opts.actorId ?? null },
    });
    return updated;
  });
}
