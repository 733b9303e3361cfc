import { desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { plans, regions, rentals, type RentalStatus } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { now } from "@/lib/clock";
import { assertSelfOrAdmin } from "@/lib/auth/access";
import { daysLeft } from "@/lib/units";

export interface RentalInfo {
  id: string;
  planId: string;
  planNameEn: string;
  planNameZh: string;
  /** pending is shown as "being prepared": the rental waits for its container. */
  status: RentalStatus;
  /** The region's code; null: "any region", chosen when the relay is prepared. */
  region: string | null;
  regionId: string | null;
  regionNameEn: string | null;
  regionNameZh: string | null;
  startsAt: Date;
  expiresAt: Date;
  daysLeft: number;
  trafficUsedBytes: number;
  trafficQuotaBytes: number;
  devicesUsed: number;
  deviceLimit: number;
  bandwidthLimitBytesPerSec: number | null;
  /** Why a rental still waits for its relay (no_server_available, …); null when it does not, or not known yet. */
  allocationProblem: string | null;
}

const STATUS_ORDER = sql`case ${rentals.status} when 'active' then 0 when 'pending' then 1 when 'over_quota' then 2 when 'suspended' then 3 when 'expired' then 4 else 5 end`;

/**
 * A user's rentals, current ones first (active, being prepared, over quota, suspended), then past ones,
 * newest expiry first. A customer reads only their own; an admin anyone's.
 */
export async function listRentalInfo(
  db: DbOrTx,
  actor: SessionUser,
  userId: string,
  opts: { limit?: number } = {},
): Promise<RentalInfo[]> {
  assertSelfOrAdmin(actor, userId);
  const rows = await db
    .select({
      id: rentals.id,
      planId: rentals.planId,
      planNameEn: plans.nameEn,
      planNameZh: plans.nameZh,
      status: rentals.status,
      region: regions.code,
      regionId: rentals.regionId,
      regionNameEn: regions.nameEn,
      regionNameZh: regions.nameZh,
      startsAt: rentals.startsAt,
      expiresAt: rentals.expiresAt,
      trafficUsedBytes: rentals.trafficUsedBytes,
      trafficQuotaBytes: rentals.trafficQuotaBytes,
      deviceLimit: rentals.deviceLimit,
      bandwidthLimitBytesPerSec: rentals.bandwidthLimitBytesPerSec,
      allocationProblem: rentals.allocationProblem,
    })
    .from(rentals)
    .innerJoin(plans, eq(plans.id, rentals.planId))
    .leftJoin(regions, eq(regions.id, rentals.regionId))
    .where(eq(rentals.userId, userId))
    .orderBy(STATUS_ORDER, desc(rentals.expiresAt))
    .limit(opts.limit ?? 50);
  const at = now();
  return rows.map((r) => ({
    ...r,
    daysLeft: r.status === "expired" || r.status === "released" ? 0 : daysLeft(r.expiresAt, at),
    // Devices are registered by the DERP map domain; until then no rental has any.
    devicesUsed: 0,
  }));
}
