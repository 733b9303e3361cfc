import { and, asc, eq, inArray, isNotNull, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { regions, relays, rentals, servers, users } from "@/db/schema";
import type { DerpMap, DerpNode, DerpRegion } from "./types";

/**
 * Relay states that keep their place in the map. A stopped relay stays (an expired rental in its grace period,
 * a suspended or over-quota one): its address, ports and certificate are kept, so a renewal brings it back
 * without the customer pasting a new map. A failed one stays too: it keeps its address and is deployed again
 * in place. `creating` has no container yet and `released` gave its address back.
 */
export const MAP_RELAY_STATES = ["running", "stopped", "failed"] as const;

export interface MapRelayRow {
  rentalId: string;
  derpRegionId: number;
  regionCode: string | null;
  regionName: string | null;
  node: number;
  hostname: string;
  certName: string | null;
  derpPort: number;
  stunPort: number;
  ipv4: string;
  ipv6: string | null;
}

/** The relays a customer's map is made of: their customer relays in a map state, of rentals not released. */
export async function mapRelaysOf(db: DbOrTx, userId: string): Promise<MapRelayRow[]> {
  return db
    .select({
      rentalId: rentals.id,
      derpRegionId: rentals.derpRegionId,
      regionCode: regions.code,
      regionName: regions.nameEn,
      node: relays.node,
      hostname: relays.hostname,
      certName: relays.certName,
      derpPort: relays.derpPort,
      stunPort: relays.stunPort,
      ipv4: servers.publicIpv4,
      ipv6: servers.publicIpv6,
    })
    .from(relays)
    .innerJoin(rentals, eq(rentals.id, relays.rentalId))
    .innerJoin(servers, eq(servers.id, relays.serverId))
    .leftJoin(regions, eq(regions.id, servers.regionId))
    .where(
      and(
        eq(rentals.userId, userId),
        ne(rentals.status, "released"),
        // The region id is given once the first node runs; before that the rental has nothing to show.
        isNotNull(rentals.derpRegionId),
        eq(relays.kind, "customer"),
        inArray(relays.state, [...MAP_RELAY_STATES]),
      ),
    )
    .orderBy(asc(rentals.derpRegionId), asc(relays.node)) as Promise<MapRelayRow[]>;
}

/** The customer's DERP map as it should be now. */
export async function buildDerpMap(db: DbOrTx, userId: string): Promise<DerpMap> {
  const [user] = await db.select({ omit: users.derpOmitDefaultRegions }).from(users).where(eq(users.id, userId));
  if (!user) throw new Error(`user ${userId} is gone`);
  return assembleDerpMap(await mapRelaysOf(db, userId), user.omit);
}

/**
 * One region per rental (all its nodes: two for HA), one node per relay. The region code is the platform
 * region's code plus a short tag of the rental, so two rentals in one place stay apart in `tailscale netcheck`.
 * With no region at all `OmitDefaultRegions` is false whatever the setting: an empty map that omits Tailscale's
 * regions would leave the customer's clients without any relay.
 */
export function assembleDerpMap(rows: readonly MapRelayRow[], omitDefaultRegions: boolean): DerpMap {
  const byRegion = new Map<number, DerpRegion>();
  for (const row of [...rows].sort((a, b) => a.derpRegionId - b.derpRegionId || a.node - b.node)) {
    let region = byRegion.get(row.derpRegionId);
    if (!region) {
      const tag = row.rentalId.replace(/-/g, "").slice(0, 4);
      const place = row.regionCode ?? "relay";
      region = {
        RegionID: row.derpRegionId,
        RegionCode: `${place}-${tag}`,
        RegionName: `${row.regionName ?? place} (${tag})`,
        Nodes: [],
      };
      byRegion.set(row.derpRegionId, region);
    }
    region.Nodes.push(nodeOf(row));
  }
  const Regions: Record<string, DerpRegion> = {};
  for (const [id, region] of byRegion) Regions[String(id)] = region;
  return { OmitDefaultRegions: byRegion.size > 0 && omitDefaultRegions, Regions };
}

function nodeOf(row: MapRelayRow): DerpNode {
  // Field order follows tailcfg.DERPNode so the rendered map reads like Tailscale's own examples.
  return {
    Name: `${row.derpRegionId}${String.fromCharCode(97 + row.node)}`,
    RegionID: row.derpRegionId,
    HostName: row.hostname,
    ...(row.certName ? { CertName: row.certName } : {}),
    IPv4: row.ipv4,
    ...(row.ipv6 ? { IPv6: row.ipv6 } : {}),
    STUNPort: row.stunPort,
    DERPPort: row.derpPort,
  };
}
