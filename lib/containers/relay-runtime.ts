import { and, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { relays, rentals, servers, type Relay, type Rental, type Server } from "@/db/schema";
import { env } from "@/lib/env";
import type { DockerCallOptions } from "@/lib/fleet/docker-client";
import { admissionUrlFor, type MeshPeer, type RelayContainerOptions } from "@/lib/fleet/relays/relay-container";
import { openAdmissionSecret, openDebugKey, openMeshKey } from "./relay-secrets";

/**
 * Everything a customer relay's container is created from besides its row: the admission URL with its secret,
 * the debug key, the plan's bandwidth as derper's rate limit and, for an HA rental, the mesh key and the other
 * node. Computed from the database each time, so a re-created container is the same relay and a change (a new
 * plan bandwidth, a moved peer) shows as drift of the configuration hash.
 */

/** derper's token bucket needs room for whole packets; one second of the rate, at least 256 KiB. */
const MIN_BURST_BYTES = 256 * 1024;

export type CustomerRelayRow = Pick<Relay, "id" | "rentalId" | "node" | "admissionSecretSealed" | "debugKeySealed">;

export async function customerRelayOptions(db: DbOrTx, relay: CustomerRelayRow, call?: DockerCallOptions): Promise<RelayContainerOptions> {
  if (!relay.rentalId || !relay.admissionSecretSealed || !relay.debugKeySealed) {
    throw new Error(`relay ${relay.id} is not a customer relay with its secrets`);
  }
  const [rental] = await db.select().from(rentals).where(eq(rentals.id, relay.rentalId));
  if (!rental) throw new Error(`the rental of relay ${relay.id} is gone`);
  return {
    image: env().FLEET_RELAY_IMAGE,
    admissionUrl: admissionUrlFor(openAdmissionSecret(relay.id, relay.admissionSecretSealed)),
    customer: {
      debugKey: openDebugKey(relay.id, relay.debugKeySealed),
      rate: rateOf(rental),
      mesh: await meshOf(db, rental, relay),
    },
    call,
  };
}

function rateOf(rental: Pick<Rental, "bandwidthLimitBytesPerSec">) {
  const bytesPerSec = rental.bandwidthLimitBytesPerSec;
  return bytesPerSec ? { bytesPerSec, burstBytes: Math.max(bytesPerSec, MIN_BURST_BYTES) } : null;
}

async function meshOf(db: DbOrTx, rental: Rental, relay: CustomerRelayRow) {
  if (rental.relayNodes < 2 || !rental.meshKeySealed) return null;
  const others = await db
    .select({ relay: relays, server: servers })
    .from(relays)
    .innerJoin(servers, eq(servers.id, relays.serverId))
    // The other node(s), not another row of this node: while a node moves, its old and new rows are both live
    // for a moment, and neither is the other's peer.
    .where(and(eq(relays.rentalId, rental.id), ne(relays.node, relay.node), ne(relays.state, "released")))
    .orderBy(relays.node);
  return { key: openMeshKey(rental.id, rental.meshKeySealed), peers: others.map((o) => meshPeer(o.server, o.relay)) };
}

/**
 * How a node dials its peer: the peer's DERP host name (an IP for IP relays) on its DERP port, so the TLS name
 * matches the peer's certificate; a self-signed peer certificate is handed over to be trusted.
 */
export function meshPeer(server: Pick<Server, "publicIpv4" | "derpNaming">, relay: Pick<Relay, "hostname" | "derpPort" | "certPem">): MeshPeer {
  const host = server.derpNaming === "ip" ? server.publicIpv4 : relay.hostname;
  return { address: `${host}:${relay.derpPort}`, certPem: server.derpNaming === "ip" ? relay.certPem : null };
}
