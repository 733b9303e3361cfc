import type { Rental } from "@/db/schema";

/**
 * A rental as the admin API answers it: the row without its sealed HA mesh key (even sealed, a secret never
 * leaves the server) and without the worker's bookkeeping of which reminders and quota warnings went out.
 */
export type AdminRentalView = Pick<
  Rental,
  | "id"
  | "userId"
  | "planId"
  | "regionId"
  | "status"
  | "startsAt"
  | "expiresAt"
  | "trafficQuotaBytes"
  | "trafficUsedBytes"
  | "deviceLimit"
  | "bandwidthLimitBytesPerSec"
  | "relayNodes"
  | "derpRegionId"
  | "allocationProblem"
  | "allocationProblemAt"
  | "createdAt"
  | "updatedAt"
>;

export function adminRentalView(r: Rental): AdminRentalView {
  return {
    id: r.id,
    userId: r.userId,
    planId: r.planId,
    regionId: r.regionId,
    status: r.status,
    startsAt: r.startsAt,
    expiresAt: r.expiresAt,
    trafficQuotaBytes: r.trafficQuotaBytes,
    trafficUsedBytes: r.trafficUsedBytes,
    deviceLimit: r.deviceLimit,
    bandwidthLimitBytesPerSec: r.bandwidthLimitBytesPerSec,
    relayNodes: r.relayNodes,
    derpRegionId: r.derpRegionId,
    allocationProblem: r.allocationProblem,
    allocationProblemAt: r.allocationProblemAt,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}
