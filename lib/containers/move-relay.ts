import { and, eq, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { relays, rentals, type Relay, type Rental, type Server } from "@/db/schema";
import { now } from "@/lib/clock";
import { AppError, conflict } from "@/lib/errors";
import { createRelayContainer, relayConfigHash, removeRelayContainer } from "@/lib/fleet/relays/relay-container";
import { serverDockerClient } from "@/lib/fleet/servers/docker-connection";
import { writeSystemLog } from "@/lib/logs/system-log";
import { bringUpNode, errorMessage, NO_BASELINE, removeHalfMade, type BroughtUp } from "./deploy-node";
import { placementCandidates, reserveNode } from "./placement";
import { relayWithServer } from "./relay-lifecycle";
import { customerRelayOptions } from "./relay-runtime";
import { setRelayState } from "./relay-state";
import { tellMapChanged } from "./tell-map-changed";
import { finalTrafficSample } from "./traffic-final-sample";

/**
 * Moves one node of a rental to another server of its region: new row, ports and certificate there, the same
 * rental node. The new node is brought up first, without its rental (the unique index allows one live row per
 * node), and only once it answers is the old row released and the new one tied to the rental, in one
 * transaction. So a move that fails anywhere before that leaves the old relay as it was, serving.
 *
 * The old container is removed after the switch; a host that does not answer keeps it until reconciliation
 * finds it there with a released row. The customer is mailed: the DERP map they pasted names the old address.
 */

export type MoveOptions = { targetServerId?: string | null; actorId?: string | null; reason?: string; readyTimeoutMs?: number };

export async function moveRelay(db: Db, relayId: string, opts: MoveOptions): Promise<Relay> {
  const { relay: old, server: from } = await relayWithServer(db, relayId);
  if (old.state === "released") throw conflict("container_released");
  // A node being created belongs to the allocation that makes it.
  if (old.state === "creating") throw conflict("container_busy");
  if (!old.rentalId) throw conflict("container_without_rental");
  const [rental] = await db.select().from(rentals).where(eq(rentals.id, old.rentalId));
  if (!rental || rental.status === "released") throw conflict("rental_released");

  const reserved = await reserveTarget(db, rental, old, from, opts.targetServerId ?? null);
  const fresh = { ...reserved.relay, rentalId: rental.id };
  // A stopped node (admin, quota, expiry) moves stopped: its container is made but not started.
  const run = rental.status === "active" && old.state !== "stopped";
  const reason = opts.reason ?? "moved";
  let made: BroughtUp;
  try {
    made = run ? await bringUpNode(db, reserved.server, fresh, opts.readyTimeoutMs) : await createStopped(db, reserved.server, fresh);
  } catch (error) {
    await abandon(db, reserved.server, reserved.relay, errorMessage(error), opts.actorId ?? null);
    throw new AppError(503, "move_failed", undefined, { server: reserved.server.name, detail: errorMessage(error).slice(0, 300) });
  }

  if (old.state === "running") await finalTrafficSample(db, old);
  let moved: Relay;
  try {
    moved = await db.transaction(async (tx) => {
      const [current] = await tx.select({ state: relays.state }).from(relays).where(eq(relays.id, old.id)).for("update");
      // Released meanwhile (the rental ended): the new node must not take its place.
      if (!current || current.state === "released") throw conflict("container_released");
      await setRelayState(tx, old, "released", { reason, actorId: opts.actorId, detail: `moved to ${reserved.server.name}`, set: { containerId: null } });
      await tx.update(relays).set({ rentalId: rental.id, updatedAt: now() }).where(eq(relays.id, reserved.relay.id));
      const to = run ? "running" : "stopped";
      return setRelayState(tx, reserved.relay, to, { reason, actorId: opts.actorId, detail: run ? null : old.stateReason, set: made });
    });
  } catch (error) {
    await abandon(db, reserved.server, reserved.relay, errorMessage(error), opts.actorId ?? null);
    throw error;
  }

  await removeOldContainer(db, from, old);
  await writeSystemLog(db, {
    level: "info",
    source: "containers",
    message: `relay node ${old.node} of rental ${rental.id} moved from ${from.name} to ${reserved.server.name} (${reason})`,
    context: { rentalId: rental.id, from: old.id, to: moved.id, fromServerId: from.id, toServerId: reserved.server.id, actorId: opts.actorId ?? null },
  });
  await tellMapChanged(db, rental, reserved.server, moved, "moved");
  return moved;
}

/**
 * The server the node goes to: the given one, which must be a placement candidate (enabled, not draining, up,
 * room, in the rental's region, not holding the rental's other node), or else the least loaded candidate.
 */
async function reserveTarget(db: Db, rental: Rental, old: Relay, from: Server, targetId: string | null): Promise<{ relay: Relay; server: Server }> {
  const others = await db
    .select({ serverId: relays.serverId })
    .from(relays)
    .where(and(eq(relays.rentalId, rental.id), ne(relays.node, old.node), ne(relays.state, "released")));
  const candidates = await placementCandidates(db, rental.regionId ?? from.regionId, [from.id, ...others.map((o) => o.serverId)]);
  const targets = targetId ? candidates.filter((s) => s.id === targetId) : candidates;
  if (targetId && !targets.length) throw conflict(targetId === from.id ? "move_target_same_server" : "move_target_ineligible");
  for (const server of targets) {
    const reservation = await reserveNode(db, server, rental, old.node, { detached: true });
    if (reservation.ok) return { relay: reservation.relay, server };
  }
  throw conflict(targetId ? "move_target_ineligible" : "no_server_available");
}

async function createStopped(db: Db, server: Server, relay: Relay): Promise<BroughtUp> {
  const options = await customerRelayOptions(db, relay);
  const containerId = await createRelayContainer(serverDockerClient(server), server, relay, options);
  return { containerId, image: options.image, configHash: relayConfigHash(server, relay, options), ...NO_BASELINE };
}

/** A new node that did not make it: its container goes (or reconciliation removes it) and its row frees the slot. */
async function abandon(db: Db, server: Server, relay: Relay, detail: string, actorId: string | null): Promise<void> {
  const leftover = await removeHalfMade(server, relay);
  await setRelayState(db, relay, "released", { reason: "move_failed", detail, actorId });
  await writeSystemLog(db, {
    level: "warn",
    source: "containers",
    message: `moving a relay to server ${server.name} failed; the old relay keeps serving`,
    context: { relayId: relay.id, serverId: server.id, error: detail, cleanup: leftover ?? "removed" },
  });
}

async function removeOldContainer(db: Db, server: Server, relay: Relay): Promise<void> {
  try {
    await removeRelayContainer(serverDockerClient(server), relay);
  } catch (error) {
    await writeSystemLog(db, {
      level: "warn",
      source: "containers",
      message: `server ${server.name} did not answer: the moved relay's old container is removed by reconciliation`,
      context: { relayId: relay.id, serverId: server.id, error: errorMessage(error) },
    });
  }
}
