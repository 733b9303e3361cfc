import { and, eq, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { relays, rentals, servers, type Relay, type Rental, type Server } from "@/db/schema";
import { now } from "@/lib/clock";
import { conflict, notFound } from "@/lib/errors";
import { constraintOf } from "@/lib/fleet/relays/relay-ports";
import { regenerateDerpMap } from "@/lib/derp-map/versions";
import { writeSystemLog } from "@/lib/logs/system-log";
import { transitionRental } from "@/lib/rentals/transition-rental";
import { deployNode, errorMessage, removeHalfMade, startNode } from "./deploy-node";
import { liveRelaysOf, placementCandidates, reserveNode } from "./placement";
import { newMeshKeySealed } from "./relay-secrets";
import { setRelayState } from "./relay-state";

/**
 * Gives a rental the relay node(s) its plan promises, and makes it `active` once one runs. Idempotent: nodes
 * that run are left alone, a stopped one (an expired rental renewed inside its grace period) is started again
 * with the same container, ports and certificate, and only missing nodes are placed. A node that cannot be
 * created on one server is removed there and tried on the next; when no server can take it, the rental keeps
 * (or gets) `allocationProblem`, shown to the customer and the admin, and the worker tries again.
 *
 * Permission is the caller's (lib/containers/container-actions.ts); this is also what the worker runs.
 */

export type AllocationActor = { id: string; email: string } | null;

export type AllocationResult = { rental: Rental; relays: Relay[]; problem: string | null };

export type AllocationOptions = {
  /** Only for a rental without a region yet: where to put it. */
  regionId?: string | null;
  actor?: AllocationActor;
  readyTimeoutMs?: number;
};

/** Statuses that may get relays: a pending rental, or an active one missing a node (HA). */
const ALLOCATABLE = ["pending", "active"] as const;
/** A `creating` row older than this was left by a run that died; it is deployed again. */
const STALE_CREATING_MS = 2 * 60_000;

export async function allocateRental(db: Db, rentalId: string, opts: AllocationOptions = {}): Promise<AllocationResult> {
  let rental = await loadRental(db, rentalId);
  if (rental.status === "released") throw conflict("rental_released");
  if (!(ALLOCATABLE as readonly string[]).includes(rental.status)) throw conflict("rental_not_allocatable", { status: rental.status });
  if (opts.regionId && rental.regionId && opts.regionId !== rental.regionId) throw conflict("rental_region_fixed");
  if (opts.regionId && !rental.regionId) rental = await setRental(db, rental.id, { regionId: opts.regionId });
  if (rental.relayNodes > 1 && !rental.meshKeySealed) rental = await setRental(db, rental.id, { meshKeySealed: newMeshKeySealed(rental.id) });

  const actorId = opts.actor?.id ?? null;
  const deploy = { readyTimeoutMs: opts.readyTimeoutMs, actorId };
  let live = await liveRelaysOf(db, [rental.id]);

  // Nodes that exist but do not run: a pending rental's stopped node is started again (a renewal inside the
  // grace period); a failed one, or one a dead run left half-made, is deployed again. The stopped node of an
  // active rental was stopped by an admin and stays stopped.
  for (const relay of live) {
    const stale = relay.state === "creating" && now().getTime() - relay.stateChangedAt.getTime() > STALE_CREATING_MS;
    const restart = relay.state === "stopped" && rental.status === "pending";
    if (!restart && relay.state !== "failed" && !stale) continue;
    const server = await serverOf(db, relay.serverId);
    try {
      if (relay.state === "stopped") await startNode(db, server, relay, { ...deploy, reason: "renewal" });
      else await deployNode(db, server, relay, { ...deploy, reason: "allocation" });
    } catch (error) {
      await setRelayState(db, relay, "failed", { reason: "allocation_failed", detail: errorMessage(error), actorId });
    }
  }

  // Missing nodes: reserve every one first, so an HA node knows its peer when its container is made.
  live = await liveRelaysOf(db, [rental.id]);
  let problem: string | null = null;
  const missing = nodesOf(rental).filter((n) => !live.some((r) => r.node === n));
  const reserved: { relay: Relay; server: Server }[] = [];
  const tried = new Set<string>();
  for (const node of missing) {
    const placed = await reserveSomewhere(db, rental, node, [...live.map((r) => r.serverId), ...reserved.map((r) => r.server.id)], tried);
    if (placed === "taken") continue;
    if (!placed) {
      problem = "no_server_available";
      continue;
    }
    reserved.push(placed);
    // The first node fixes the region of a rental that had none, so a second node joins it there.
    if (!rental.regionId) rental = await setRental(db, rental.id, { regionId: placed.server.regionId });
  }
  for (let i = 0; i < reserved.length; i++) {
    const { relay, server } = reserved[i];
    try {
      await deployNode(db, server, relay, { ...deploy, reason: "allocation" });
    } catch (error) {
      const detail = errorMessage(error);
      const leftover = await removeHalfMade(server, relay);
      await setRelayState(db, relay, "released", { reason: "allocation_failed", detail, actorId });
      await writeSystemLog(db, {
        level: "warn",
        source: "containers",
        message: `creating a relay on server ${server.name} failed; trying another server`,
        context: { rentalId: rental.id, relayId: relay.id, serverId: server.id, error: detail, cleanup: leftover ?? "removed" },
      });
      tried.add(server.id);
      const retry = await reserveSomewhere(db, rental, relay.node, [...live.map((r) => r.serverId), ...reserved.map((r) => r.server.id)], tried);
      if (retry && retry !== "taken") reserved.push(retry);
      else if (!retry) problem = "no_server_available";
    }
  }

  live = await liveRelaysOf(db, [rental.id]);
  const running = live.filter((r) => r.state === "running");
  if (running.length > 0 && rental.derpRegionId === null) rental = await assignDerpRegion(db, rental);
  if (running.length < rental.relayNodes && !problem && live.length >= rental.relayNodes) problem = "relay_not_running";
  const previousProblem = rental.allocationProblem;
  rental = await setRental(
    db,
    rental.id,
    problem ? { allocationProblem: problem, ...(problem !== previousProblem ? { allocationProblemAt: now() } : {}) } : { allocationProblem: null, allocationProblemAt: null },
  );
  if (running.length > 0 && rental.status === "pending") {
    ({ rental } = await transitionRental(db, rental.id, "active", {
      reason: "allocation",
      actor: opts.actor ?? null,
      from: "pending",
      details: { relays: running.map((r) => r.id) },
    }));
  }
  // Once per problem, not at every retry of the worker (a rental may wait for a free server for days).
  if (problem && problem !== previousProblem) {
    await writeSystemLog(db, {
      level: "warn",
      source: "containers",
      message: `rental ${rental.id} has ${running.length} of ${rental.relayNodes} relay node(s) running: ${problem}`,
      context: { rentalId: rental.id, problem, regionId: rental.regionId },
    });
  }
  return { rental, relays: live, problem };
}

function nodesOf(rental: Pick<Rental, "relayNodes">): number[] {
  return Array.from({ length: rental.relayNodes }, (_, i) => i);
}

/** The first candidate server that takes the node; null when none can, "taken" when another run has it. */
async function reserveSomewhere(
  db: Db,
  rental: Rental,
  node: number,
  otherNodesServers: readonly string[],
  tried: ReadonlySet<string>,
): Promise<{ relay: Relay; server: Server } | "taken" | null> {
  const candidates = await placementCandidates(db, rental.regionId, [...otherNodesServers, ...tried]);
  for (const server of candidates) {
    const reservation = await reserveNode(db, server, rental, node);
    if (reservation.ok) return { relay: reservation.relay, server };
    if (reservation.why === "node_taken") return "taken";
  }
  return null;
}

async function loadRental(db: Db, rentalId: string): Promise<Rental> {
  const [rental] = await db.select().from(rentals).where(eq(rentals.id, rentalId));
  if (!rental) throw notFound("rental_unknown");
  return rental;
}

async function setRental(db: Db, rentalId: string, values: Partial<typeof rentals.$inferInsert>): Promise<Rental> {
  const [rental] = await db.update(rentals).set(values).where(eq(rentals.id, rentalId)).returning();
  return rental;
}

async function serverOf(db: Db, serverId: string): Promise<Server> {
  const [server] = await db.select().from(servers).where(eq(servers.id, serverId));
  return server;
}

/**
 * The DERP region id (900-999) of the rental in its owner's map: the lowest one no other live rental of theirs
 * uses. Stable for the rental's life; the unique index settles two rentals of one user allocated at once.
 */
async function assignDerpRegion(db: Db, rental: Rental): Promise<Rental> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const used = await db
      .select({ id: rentals.derpRegionId })
      .from(rentals)
      .where(and(eq(rentals.userId, rental.userId), ne(rentals.status, "released"), sql`${rentals.derpRegionId} is not null`));
    const taken = new Set(used.map((u) => u.id));
    let free = 900;
    while (taken.has(free) && free <= 999) free++;
    if (free > 999) throw conflict("derp_regions_exhausted");
    try {
      const assigned = await setRental(db, rental.id, { derpRegionId: free });
      // The node already runs, but the map leaves out rentals without a region id: now it can show it.
      await regenerateDerpMap(db, rental.userId, "allocation");
      return assigned;
    } catch (error) {
      if (constraintOf(error) !== "rentals_user_derp_region_uq") throw error;
    }
  }
  throw conflict("derp_region_busy");
}

/** Rentals the worker allocates: pending ones, and active ones with fewer live nodes than their plan gives (HA). */
export async function rentalsNeedingRelays(db: Db, limit = 200): Promise<string[]> {
  const rows = await db
    .select({ id: rentals.id })
    .from(rentals)
    .where(
      and(
        sql`(${rentals.status} = 'pending' or (${rentals.status} = 'active'
          and (select count(*) from ${relays} r where r.rental_id = ${rentals.id} and r.state <> 'released') < ${rentals.relayNodes}))`,
      ),
    )
    .orderBy(rentals.createdAt)
    .limit(limit);
  return rows.map((r) => r.id);
}
