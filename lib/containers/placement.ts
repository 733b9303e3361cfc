import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, ne, notInArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { regions, relays, servers, type Relay, type Rental, type Server } from "@/db/schema";
import { now } from "@/lib/clock";
import { issueRelayCertificate } from "@/lib/fleet/relays/relay-certificate";
import { relayContainerName } from "@/lib/fleet/relays/relay-container";
import { constraintOf, insertRelayWithPorts } from "@/lib/fleet/relays/relay-ports";
import { newRelaySecrets } from "./relay-secrets";

/**
 * Where a rental's relay node goes: an enabled, non-draining server that is `up`, in the rental's region (or any
 * active region when the rental has none), with a free customer slot, least loaded first. A slot is reserved by
 * inserting the relay row while the server's row is locked, so concurrent allocations count each other and
 * the capacity holds; the row's partial unique indexes keep ports distinct and one live relay per rental node.
 */

/** Live customer relays of a server: every state but released holds a slot and its ports. */
const liveCustomerRelays = sql<number>`(select count(*)::int from ${relays} r where r.server_id = ${servers.id} and r.kind = 'customer' and r.state <> 'released')`;

export async function placementCandidates(db: DbOrTx, regionId: string | null, excludeServerIds: readonly string[] = []): Promise<Server[]> {
  const rows = await db
    .select({ server: servers })
    .from(servers)
    .innerJoin(regions, eq(regions.id, servers.regionId))
    .where(
      and(
        eq(servers.enabled, true),
        eq(servers.draining, false),
        eq(servers.status, "up"),
        regionId ? eq(servers.regionId, regionId) : eq(regions.active, true),
        excludeServerIds.length ? notInArray(servers.id, [...excludeServerIds]) : undefined,
        sql`${liveCustomerRelays} < ${servers.capacity}`,
      ),
    )
    .orderBy(sql`${liveCustomerRelays}::float / ${servers.capacity}`, asc(liveCustomerRelays), asc(servers.name));
  return rows.map((r) => r.server);
}

export type Reservation =
  | { ok: true; relay: Relay }
  | { ok: false; why: "server_full" | "server_unavailable" | "node_taken" | "ports_exhausted" };

/**
 * Reserves node `node` of the rental on `server`: a `creating` relay row with ports, certificate and secrets.
 * `detached`: the row is made without its rental (a move's new node), so the unique node index does not meet the
 * old row still serving; the move ties it to the rental when it releases the old one.
 */
export async function reserveNode(
  db: DbOrTx,
  server: Server,
  rental: Pick<Rental, "id">,
  node: number,
  opts: { detached?: boolean } = {},
): Promise<Reservation> {
  const id = randomUUID();
  const certificate = await issueRelayCertificate(server, id);
  const secrets = newRelaySecrets(id);
  try {
    return await db.transaction(async (tx) => {
      // The lock serialises reservations on this server: each one counts the slots the others took.
      const [locked] = await tx.select().from(servers).where(eq(servers.id, server.id)).for("update");
      if (!locked || !locked.enabled || locked.draining || locked.status !== "up") return { ok: false, why: "server_unavailable" } as const;
      const [{ live }] = await tx
        .select({ live: sql<number>`count(*)::int` })
        .from(relays)
        .where(and(eq(relays.serverId, server.id), eq(relays.kind, "customer"), ne(relays.state, "released")));
      if (live >= locked.capacity) return { ok: false, why: "server_full" } as const;
      const relay = await insertRelayWithPorts(tx, locked, {
        id,
        kind: "customer",
        rentalId: opts.detached ? null : rental.id,
        node,
        containerName: relayContainerName(id),
        ...certificate,
        ...secrets.columns,
        state: "creating",
        stateChangedAt: now(),
      });
      return { ok: true, relay } as const;
    });
  } catch (error) {
    const constraint = constraintOf(error);
    if (constraint === "relays_rental_node_uq") return { ok: false, why: "node_taken" };
    if ((error as { code?: string }).code === "server_ports_exhausted") return { ok: false, why: "ports_exhausted" };
    throw error;
  }
}

/** The live relays of a rental, by node. */
export async function liveRelaysOf(db: DbOrTx, rentalIds: readonly string[]): Promise<Relay[]> {
  if (!rentalIds.length) return [];
  return db
    .select()
    .from(relays)
    .where(and(inArray(relays.rentalId, [...rentalIds]), ne(relays.state, "released")))
    .orderBy(asc(relays.node));
}
