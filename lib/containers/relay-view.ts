import { and, eq, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { regions, relays, rentals, servers, users, type RelayState, type RentalStatus } from "@/db/schema";

/**
 * A customer relay as routes and pages show it. Built from an explicit column list, never from the row: the
 * sealed columns (admission secret, debug key), the certificate's private key and the admission secret's hash
 * cannot reach an answer by accident. The certificate pin (`certName`) is public: it goes into the DERP map.
 */
export interface RelayView {
  id: string;
  node: number;
  state: RelayState;
  /** Why it is in this state (a code: admin, quota, expiry, allocation_failed, … or an error text). */
  stateReason: string | null;
  stateChangedAt: Date;
  /** When the container last started: uptime counts from here while `running`. */
  startedAt: Date | null;
  containerName: string;
  hostname: string;
  ipv4: string;
  ipv6: string | null;
  derpPort: number;
  stunPort: number;
  certName: string | null;
  lastProbeAt: Date | null;
  lastProbeOk: boolean | null;
  createdAt: Date;
  server: { id: string; name: string };
  region: { id: string; code: string; nameEn: string; nameZh: string };
  /** Null once the rental is deleted. */
  rental: {
    id: string;
    status: RentalStatus;
    userId: string;
    userEmail: string;
    trafficUsedBytes: number;
    trafficQuotaBytes: number;
    allocationProblem: string | null;
  } | null;
}

export const relayViewColumns = {
  id: relays.id,
  node: relays.node,
  state: relays.state,
  stateReason: relays.stateReason,
  stateChangedAt: relays.stateChangedAt,
  startedAt: relays.startedAt,
  containerName: relays.containerName,
  hostname: relays.hostname,
  derpPort: relays.derpPort,
  stunPort: relays.stunPort,
  certName: relays.certName,
  lastProbeAt: relays.lastProbeAt,
  lastProbeOk: relays.lastProbeOk,
  createdAt: relays.createdAt,
  ipv4: servers.publicIpv4,
  ipv6: servers.publicIpv6,
  serverId: servers.id,
  serverName: servers.name,
  regionId: regions.id,
  regionCode: regions.code,
  regionNameEn: regions.nameEn,
  regionNameZh: regions.nameZh,
  rentalId: rentals.id,
  rentalStatus: rentals.status,
  userId: rentals.userId,
  userEmail: users.email,
  trafficUsedBytes: rentals.trafficUsedBytes,
  trafficQuotaBytes: rentals.trafficQuotaBytes,
  allocationProblem: rentals.allocationProblem,
};

type Row = { [K in keyof typeof relayViewColumns]: (typeof relayViewColumns)[K]["_"]["data"] | null };

/** The joins every relay view query uses; the rental (and its user) may be gone. */
export function selectRelayViews(db: DbOrTx, where: SQL | undefined) {
  return db
    .select(relayViewColumns)
    .from(relays)
    .innerJoin(servers, eq(servers.id, relays.serverId))
    .innerJoin(regions, eq(regions.id, servers.regionId))
    .leftJoin(rentals, eq(rentals.id, relays.rentalId))
    .leftJoin(users, eq(users.id, rentals.userId))
    .where(and(eq(relays.kind, "customer"), where));
}

export function toRelayView(r: Row): RelayView {
  return {
    id: r.id!,
    node: r.node!,
    state: r.state!,
    stateReason: r.stateReason,
    stateChangedAt: r.stateChangedAt!,
    startedAt: r.startedAt,
    containerName: r.containerName!,
    hostname: r.hostname!,
    ipv4: r.ipv4!,
    ipv6: r.ipv6,
    derpPort: r.derpPort!,
    stunPort: r.stunPort!,
    certName: r.certName,
    lastProbeAt: r.lastProbeAt,
    lastProbeOk: r.lastProbeOk,
    createdAt: r.createdAt!,
    server: { id: r.serverId!, name: r.serverName! },
    region: { id: r.regionId!, code: r.regionCode!, nameEn: r.regionNameEn!, nameZh: r.regionNameZh! },
    rental:
      r.rentalId && r.userId
        ? {
            id: r.rentalId,
            status: r.rentalStatus!,
            userId: r.userId,
            userEmail: r.userEmail ?? "",
            trafficUsedBytes: r.trafficUsedBytes ?? 0,
            trafficQuotaBytes: r.trafficQuotaBytes ?? 0,
            allocationProblem: r.allocationProblem,
          }
        : null,
  };
}

/** Internal (callers check permission): one relay as a view, or null. */
export async function readRelayView(db: DbOrTx, relayId: string): Promise<RelayView | null> {
  const [row] = await selectRelayViews(db, eq(relays.id, relayId));
  return row ? toRelayView(row) : null;
}
