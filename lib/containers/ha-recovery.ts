import { and, eq, inArray, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { relays, rentals, servers } from "@/db/schema";
import { writeSystemLog } from "@/lib/logs/system-log";
import { errorMessage } from "./deploy-node";
import { moveRelay } from "./move-relay";
import type { ReconcileAction, ReconcileOptions } from "./reconcile-plan";

/**
 * HA rentals keep two nodes: a node whose server the health job found `down`, or that an admin disabled, is
 * moved to another server of the region (the surviving node keeps the region up meanwhile). The old row is
 * released without reaching its host; its container is removed by reconciliation when the host answers again.
 * Single-node rentals are never moved on this signal: a server that is down for a few minutes would cost the
 * customer a new address (and a DERP map to paste again) for nothing; an admin moves them by hand.
 */

export type HaMove = { serverId: string; action: ReconcileAction };

export async function recoverHaNodes(db: Db, opts: ReconcileOptions = {}): Promise<{ moves: HaMove[]; failures: string[] }> {
  const lost = await db
    .select({ id: relays.id, containerName: relays.containerName, serverName: servers.name, serverStatus: servers.status, enabled: servers.enabled })
    .from(relays)
    .innerJoin(servers, eq(servers.id, relays.serverId))
    .innerJoin(rentals, eq(rentals.id, relays.rentalId))
    .where(
      and(
        eq(relays.kind, "customer"),
        // A node still `creating` belongs to the allocation making it.
        inArray(relays.state, ["running", "failed", "stopped"]),
        eq(rentals.relayNodes, 2),
        eq(rentals.status, "active"),
        or(eq(servers.status, "down"), eq(servers.enabled, false)),
        opts.serverIds ? inArray(servers.id, [...opts.serverIds, "00000000-0000-0000-0000-000000000000"]) : undefined,
      ),
    );
  const moves: HaMove[] = [];
  const failures: string[] = [];
  for (const node of lost) {
    const why = node.enabled ? `its server ${node.serverName} is down` : `its server ${node.serverName} is disabled`;
    try {
      const moved = await moveRelay(db, node.id, { reason: "ha_recovery", actorId: opts.actorId, readyTimeoutMs: opts.readyTimeoutMs });
      moves.push({ serverId: moved.serverId, action: { kind: "recreated", relayId: moved.id, container: moved.containerName, reason: `HA node moved here: ${why}` } });
    } catch (error) {
      failures.push(`${node.containerName}: ${errorMessage(error)}`);
      await writeSystemLog(db, {
        level: "warn",
        source: "containers",
        message: `could not move the HA node ${node.containerName} (${why}); its other node keeps serving`,
        context: { relayId: node.id, error: errorMessage(error) },
      });
    }
  }
  return { moves, failures };
}
