import { eq } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { plans, rentals, type Rental, type RentalStatus } from "@/db/schema";
import { assertAdmin, auditActor } from "@/lib/auth/access";
import type { RequestMeta, SessionUser } from "@/lib/auth/types";
import { now } from "@/lib/clock";
import { badRequest, conflict, notFound } from "@/lib/errors";
import { recordHistory } from "@/lib/history/record-history";
import type { HistoryData } from "@/lib/history/types";
import { writeAudit } from "@/lib/logs/audit-log";
import { bytesToGb } from "@/lib/units";
import type { RentalExpiryInput, RentalTrafficInput } from "./admin-schemas";
import { MAX_AHEAD_MS } from "./start-or-extend-rental";
import { transitionRental } from "./transition-rental";
import { notifyAdmissionChange } from "@/lib/devices/admission-invalidation";

/**
 * An admin's corrections of one rental: its expiry, its traffic used and its quota. Each locks the rental,
 * writes the change, a history entry for the customer and an audit entry with the reason, and moves the
 * status where the change requires it, through transitionRental (which writes its own history and audit).
 * A released rental is final and cannot be changed.
 */

interface Locked {
  rental: Rental;
  names: { planId: string; planNameEn: string; planNameZh: string };
}

async function lockRental(tx: Tx, rentalId: string): Promise<Locked> {
  const [row] = await tx
    .select({ rental: rentals, planNameEn: plans.nameEn, planNameZh: plans.nameZh })
    .from(rentals)
    .innerJoin(plans, eq(plans.id, rentals.planId))
    .where(eq(rentals.id, rentalId))
    .for("update", { of: rentals });
  if (!row) throw notFound("rental_unknown");
  if (row.rental.status === "released") throw conflict("rental_released");
  return { rental: row.rental, names: { planId: row.rental.planId, planNameEn: row.planNameEn, planNameZh: row.planNameZh } };
}

const STILL_RUNNING: readonly RentalStatus[] = ["pending", "active", "suspended", "over_quota"];

/**
 * Sets a rental's expiry. A date already past ends a running rental now (→ expired); a future date brings an
 * expired one back (→ pending, like a renewal). The date must be after the start and within 100 years.
 */
export async function setRentalExpiry(
  db: DbOrTx,
  actor: SessionUser,
  rentalId: string,
  input: RentalExpiryInput,
  meta?: RequestMeta,
): Promise<Rental> {
  assertAdmin(actor);
  return db.transaction(async (tx) => {
    const { rental, names } = await lockRental(tx, rentalId);
    const at = now();
    if (input.expiresAt.getTime() <= rental.startsAt.getTime()) {
      throw badRequest("expiry_before_start", { expiresAt: ["expiry_before_start"] });
    }
    if (input.expiresAt.getTime() - at.getTime() > MAX_AHEAD_MS) throw badRequest("expiry_too_far", { expiresAt: ["expiry_too_far"] });
    let [updated] = await tx
      .update(rentals)
      .set({ expiresAt: input.expiresAt, updatedAt: at })
      .where(eq(rentals.id, rentalId))
      .returning();
    await recordHistory(
      tx,
      rental.userId,
      "rental_adjusted",
      { ...names, rentalId, change: "expiry", expiresAt: input.expiresAt.toISOString(), previousExpiresAt: rental.expiresAt.toISOString() },
      actor.id,
    );
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: "rental.expiry_changed",
      target: { type: "rental", id: rentalId },
      meta,
      details: { userId: rental.userId, from: rental.expiresAt.toISOString(), to: input.expiresAt.toISOString(), adminReason: input.reason },
    });
    const past = input.expiresAt.getTime() <= at.getTime();
    const options = { actor: auditActor(actor), meta, from: rental.status, details: { adminReason: input.reason } };
    if (past && STILL_RUNNING.includes(rental.status)) {
      ({ rental: updated } = await transitionRental(tx, rentalId, "expired", { ...options, reason: "admin" }));
    } else if (!past && rental.status === "expired") {
      ({ rental: updated } = await transitionRental(tx, rentalId, "pending", { ...options, reason: "renewal" }));
    }
    return updated;
  });
}

/**
 * Resets the traffic used and/or sets a new quota. A rental stopped over quota that now has quota left waits
 * for its relay again (→ pending); an active one whose new quota is already used up stops (→ over_quota).
 */
export async function adjustRentalTraffic(
  db: DbOrTx,
  actor: SessionUser,
  rentalId: string,
  input: RentalTrafficInput,
  meta?: RequestMeta,
): Promise<Rental> {
  assertAdmin(actor);
  if (!input.resetUsed && input.quotaBytes === undefined) {
    throw badRequest("traffic_change_required", { quotaBytes: ["traffic_change_required"] });
  }
  return db.transaction(async (tx) => {
    const { rental, names } = await lockRental(tx, rentalId);
    const used = input.resetUsed ? 0 : rental.trafficUsedBytes;
    const quota = input.quotaBytes ?? rental.trafficQuotaBytes;
    let [updated] = await tx
      .update(rentals)
      .set({ trafficUsedBytes: used, trafficQuotaBytes: quota, updatedAt: now() })
      .where(eq(rentals.id, rentalId))
      .returning();
    // Admission compares traffic with the quota.
    await notifyAdmissionChange(tx, { userId: rental.userId });
    const change: HistoryData["rental_adjusted"]["change"] =
      input.resetUsed && input.quotaBytes !== undefined ? "traffic_reset_quota" : input.resetUsed ? "traffic_reset" : "quota";
    await recordHistory(tx, rental.userId, "rental_adjusted", { ...names, rentalId, change, quotaGb: bytesToGb(quota) }, actor.id);
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: "rental.traffic_changed",
      target: { type: "rental", id: rentalId },
      meta,
      details: {
        userId: rental.userId,
        usedBefore: rental.trafficUsedBytes,
        usedAfter: used,
        quotaBefore: rental.trafficQuotaBytes,
        quotaAfter: quota,
        adminReason: input.reason,
      },
    });
    const options = { actor: auditActor(actor), meta, from: rental.status, details: { adminReason: input.reason } };
    if (rental.status === "over_quota" && used < quota) {
      ({ rental: updated } = await transitionRental(tx, rentalId, "pending", { ...options, reason: "quota_restored" }));
    } else if (rental.status === "active" && used >= quota) {
      ({ rental: updated } = await transitionRental(tx, rentalId, "over_quota", { ...options, reason: "quota" }));
    }
    return updated;
  });
}
