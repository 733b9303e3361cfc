import { eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { rentals, type Plan, type Rental } from "@/db/schema";
import { DAY_MS } from "@/lib/clock";
import { conflict } from "@/lib/errors";
import { transitionRental } from "./transition-rental";
import { RENEWABLE_STATUSES } from "./transitions";
import { notifyAdmissionChange } from "@/lib/devices/admission-invalidation";

/** A rental may run at most this far ahead; beyond it a purchase is refused (and its code stays unused). */
export const MAX_AHEAD_MS = 100 * 365 * DAY_MS;

export interface RentalPurchase {
  userId: string;
  plan: Pick<Plan, "id" | "durationDays" | "trafficQuotaBytes" | "deviceLimit" | "bandwidthLimitBytesPerSec" | "relayNodes">;
  /** The region the customer chose; null: any. */
  regionId: string | null;
  at: Date;
  /** Who bought it, for the history and log of a renewal. */
  actor: { id: string; email: string };
}

export interface RentalPurchaseResult {
  rental: Rental;
  /** The rental as it was before, when an existing one was extended; null when a new one started. */
  previous: Rental | null;
}

// Which of several candidates a purchase extends: the one that runs, then the one being prepared, then the
// stopped ones, then the expired one.
const PREFERENCE = sql`case ${rentals.status} when 'active' then 0 when 'pending' then 1 when 'suspended' then 2 when 'over_quota' then 3 else 4 end`;

/**
 * A purchase of `plan` in the caller's transaction: extends the user's rental of the same plan that is not
 * released yet (and has the same region, or none chosen on either side) from its expiry, or from now if it
 * has lapsed, adding the plan's days and traffic quota; otherwise starts a new `pending` rental. A renewal
 * brings an expired rental, or one stopped over quota that now has quota left, back to `pending` through
 * transitionRental; a suspended one stays suspended (an admin lifts that). The caller must hold a lock that
 * serialises purchases of one user, so that each sees the previous one's extension.
 */
export async function startOrExtendRental(tx: Tx, p: RentalPurchase): Promise<RentalPurchaseResult> {
  const days = p.plan.durationDays * DAY_MS;
  const [current] = await tx
    .select()
    .from(rentals)
    .where(
      sql`${rentals.userId} = ${p.userId} and ${rentals.planId} = ${p.plan.id}
          and ${inArray(rentals.status, [...RENEWABLE_STATUSES])}
          and (${p.regionId}::uuid is null or ${rentals.regionId} is null or ${rentals.regionId} = ${p.regionId})`,
    )
    .orderBy(PREFERENCE, sql`${rentals.expiresAt} desc`)
    .limit(1)
    .for("update");

  if (!current) {
    const [rental] = await tx
      .insert(rentals)
      .values({
        userId: p.userId,
        planId: p.plan.id,
        regionId: p.regionId,
        status: "pending",
        startsAt: p.at,
        expiresAt: new Date(p.at.getTime() + days),
        trafficQuotaBytes: p.plan.trafficQuotaBytes,
        deviceLimit: p.plan.deviceLimit,
        bandwidthLimitBytesPerSec: p.plan.bandwidthLimitBytesPerSec,
        relayNodes: p.plan.relayNodes,
        createdAt: p.at,
        updatedAt: p.at,
      })
      .returning();
    return { rental, previous: null };
  }

  // Extend from the current expiry, or from now if it has passed (or the expiry job has not caught up yet).
  const from = Math.max(current.expiresAt.getTime(), p.at.getTime());
  if (from + days - p.at.getTime() > MAX_AHEAD_MS) throw conflict("rental_too_long");
  let [rental] = await tx
    .update(rentals)
    .set({
      expiresAt: new Date(from + days),
      trafficQuotaBytes: sql`${rentals.trafficQuotaBytes} + ${p.plan.trafficQuotaBytes}`,
      regionId: current.regionId ?? p.regionId,
      updatedAt: p.at,
    })
    .where(eq(rentals.id, current.id))
    .returning();
  // Admission compares traffic with the quota, which just grew.
  await notifyAdmissionChange(tx, { userId: rental.userId });

  const renewed =
    current.status === "expired" || (current.status === "over_quota" && rental.trafficUsedBytes < rental.trafficQuotaBytes);
  if (renewed) {
    ({ rental } = await transitionRental(tx, rental.id, "pending", { reason: "renewal", actor: p.actor, from: current.status }));
  }
  return { rental, previous: current };
}
