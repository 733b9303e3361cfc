import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { regions, rentals, type Region, type Rental } from "@/db/schema";
import { assertAdmin, auditActor } from "@/lib/auth/access";
import type { RequestMeta, SessionUser } from "@/lib/auth/types";
import { badRequest, conflict, notFound } from "@/lib/errors";
import type { AuditAction } from "@/lib/logs/audit-actions";
import { writeAudit } from "@/lib/logs/audit-log";
import { findOfferedRegion } from "@/lib/regions/find-offered-region";
import { isUuid } from "@/lib/validation";
import { allocateRental } from "./allocate";
import { moveRelay } from "./move-relay";
import { reconcileAll, type ReconcileReport } from "./reconcile";
import type { ReconcileInput } from "./schemas";
import { releaseRelay, restartRelay, startRelay, stopRelay } from "./relay-lifecycle";
import { readRelayView, type RelayView } from "./relay-view";

/**
 * Every container operation a person can trigger, once, for both the REST routes and the pages' server
 * actions: each takes the caller and checks role and ownership itself. Someone else's rental or relay is a 404
 * (the same answer as one that does not exist, so ids cannot be probed). Admin actions, and anything done to a
 * customer's relay by someone other than its owner, are audit-logged.
 */

export interface AllocationView {
  rentalId: string;
  rentalStatus: Rental["status"];
  /** Why the rental still waits (no_server_available, relay_not_running); null when every node runs. */
  problem: string | null;
  relays: RelayView[];
}

/** The owner or an admin. `region` (id or code) only for a rental that has none yet. */
export async function allocateForCaller(
  db: Db,
  actor: SessionUser,
  input: { rentalId: string; region?: string | null },
  meta?: RequestMeta,
): Promise<AllocationView> {
  const rental = await ownRental(db, actor, input.rentalId);
  if (rental.status === "released") throw conflict("rental_released");
  let region: Region | null = null;
  if (input.region) {
    region = await regionByIdOrCode(db, input.region);
    if (rental.regionId && rental.regionId !== region.id) throw conflict("rental_region_fixed");
  }
  const result = await allocateRental(db, rental.id, { regionId: region?.id ?? null, actor: auditActor(actor) });
  const views = await Promise.all(result.relays.map((r) => readRelayView(db, r.id)));
  if (actor.id !== rental.userId) {
    await writeAudit(db, {
      actor: auditActor(actor),
      action: "container.allocate",
      target: { type: "rental", id: rental.id },
      meta,
      details: { userId: rental.userId, region: region?.code ?? null, problem: result.problem, relays: result.relays.length },
    });
  }
  return {
    rentalId: rental.id,
    rentalStatus: result.rental.status,
    problem: result.problem,
    relays: views.filter((v): v is RelayView => v !== null),
  };
}

/** The owner or an admin. */
export async function relayStatus(db: Db, actor: SessionUser, relayId: string): Promise<RelayView> {
  return ownRelay(db, actor, relayId);
}

/** Admins: any relay; a customer: their own (a restart, e.g. after changing devices). */
export async function restartForCaller(db: Db, actor: SessionUser, relayId: string, meta?: RequestMeta): Promise<RelayView> {
  const relay = await ownRelay(db, actor, relayId);
  await restartRelay(db, relayId, { reason: "restart", actorId: actor.id });
  return audited(db, actor, relay, "container.restart", meta);
}

export async function stopAsAdmin(db: Db, actor: SessionUser, relayId: string, meta?: RequestMeta): Promise<RelayView> {
  const relay = await adminRelay(db, actor, relayId);
  await stopRelay(db, relayId, { reason: "admin", actorId: actor.id });
  return audited(db, actor, relay, "container.stop", meta);
}

export async function startAsAdmin(db: Db, actor: SessionUser, relayId: string, meta?: RequestMeta): Promise<RelayView> {
  const relay = await adminRelay(db, actor, relayId);
  // A relay of a rental that may not run (over quota, expired, suspended) would be stopped again by the next
  // traffic cycle: the rental is what to change (raise the quota, renew, lift the suspension).
  const status = relay.rental?.status;
  if (status && status !== "active" && status !== "pending") throw conflict("rental_not_running", { status });
  await startRelay(db, relayId, { reason: "admin", actorId: actor.id });
  return audited(db, actor, relay, "container.start", meta);
}

/** Removes the container and frees its ports; the rental keeps its status (the worker may allocate again). */
export async function releaseAsAdmin(db: Db, actor: SessionUser, relayId: string, meta?: RequestMeta): Promise<RelayView> {
  const relay = await adminRelay(db, actor, relayId);
  await releaseRelay(db, relayId, { reason: "admin", actorId: actor.id });
  return audited(db, actor, relay, "container.release", meta);
}

/** To `targetServerId`, or wherever placement finds room; new ports, so the customer's DERP map changes. */
export async function moveAsAdmin(
  db: Db,
  actor: SessionUser,
  relayId: string,
  input: { targetServerId?: string },
  meta?: RequestMeta,
): Promise<RelayView> {
  const relay = await adminRelay(db, actor, relayId);
  if (relay.state === "released") throw conflict("container_released");
  const moved = await moveRelay(db, relayId, { targetServerId: input.targetServerId, actorId: actor.id });
  const view = (await readRelayView(db, moved.id)) ?? relay;
  await writeAudit(db, {
    actor: auditActor(actor),
    action: "container.move",
    target: { type: "relay", id: relay.id },
    meta,
    details: { ...auditFacts(relay), to: view.server.name, toServerId: view.server.id, newRelayId: view.id },
  });
  return view;
}

export async function reconcileAsAdmin(db: Db, actor: SessionUser, input: ReconcileInput, meta?: RequestMeta): Promise<ReconcileReport> {
  assertAdmin(actor);
  const report = await reconcileAll(db, { actorId: actor.id, serverIds: "serverId" in input ? [input.serverId] : undefined });
  const actions = report.servers.reduce((n, s) => n + s.actions.length, 0);
  await writeAudit(db, {
    actor: auditActor(actor),
    action: "container.reconcile",
    meta,
    details: { scope: "serverId" in input ? input.serverId : "all", servers: report.servers.length, unreachable: report.servers.filter((s) => !s.reachable).length, actions },
  });
  return report;
}

// ---------- checks ----------

async function ownRental(db: Db, actor: SessionUser, rentalId: string): Promise<Rental> {
  if (!isUuid(rentalId)) throw notFound("rental_unknown");
  const [rental] = await db.select().from(rentals).where(eq(rentals.id, rentalId));
  if (!rental || (actor.role !== "admin" && rental.userId !== actor.id)) throw notFound("rental_unknown");
  return rental;
}

async function ownRelay(db: Db, actor: SessionUser, relayId: string): Promise<RelayView> {
  const relay = isUuid(relayId) ? await readRelayView(db, relayId) : null;
  if (!relay || (actor.role !== "admin" && relay.rental?.userId !== actor.id)) throw notFound("container_unknown");
  return relay;
}

async function adminRelay(db: Db, actor: SessionUser, relayId: string): Promise<RelayView> {
  assertAdmin(actor);
  return ownRelay(db, actor, relayId);
}

async function regionByIdOrCode(db: Db, value: string): Promise<Region> {
  if (!isUuid(value)) return findOfferedRegion(db, value);
  const [region] = await db.select().from(regions).where(eq(regions.id, value));
  if (!region) throw badRequest("region_unknown", { region: ["region_unknown"] });
  if (!region.active) throw badRequest("region_inactive", { region: ["region_inactive"] });
  return region;
}

// ---------- audit ----------

function auditFacts(relay: RelayView) {
  return { container: relay.containerName, server: relay.server.name, serverId: relay.server.id, userId: relay.rental?.userId ?? null, email: relay.rental?.userEmail ?? null };
}

/** Audits when someone acts on a relay that is not theirs (an admin); answers the relay as it is now. */
async function audited(db: Db, actor: SessionUser, before: RelayView, action: AuditAction, meta?: RequestMeta): Promise<RelayView> {
  if (actor.id !== before.rental?.userId) {
    await writeAudit(db, { actor: auditActor(actor), action, target: { type: "relay", id: before.id }, meta, details: auditFacts(before) });
  }
  return (await readRelayView(db, before.id)) ?? before;
}
