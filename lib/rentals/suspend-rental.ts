import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { rentals, type Rental, type RentalStatus } from "@/db/schema";
import { assertAdmin, auditActor } from "@/lib/auth/access";
import type { RequestMeta, SessionUser } from "@/lib/auth/types";
import { now } from "@/lib/clock";
import { conflict, notFound } from "@/lib/errors";
import { transitionRental } from "./transition-rental";

/**
 * An admin's suspension of one rental, and lifting it: both are status changes, so both go through
 * transitionRental (history entry, system log, audit entry with the admin's reason). Suspending is allowed
 * from the statuses the transition table allows (pending, active, over_quota).
 */
export async function suspendRental(
  db: DbOrTx,
  actor: SessionUser,
  rentalId: string,
  input: { reason: string },
  meta?: RequestMeta,
): Promise<Rental> {
  assertAdmin(actor);
  const { rental } = await transitionRental(db, rentalId, "suspended", {
    reason: "admin",
    actor: auditActor(actor),
    meta,
    details: { adminReason: input.reason },
  });
  return rental;
}

/**
 * Lifts a suspension. Where the rental goes depends on what happened meanwhile: past its expiry → expired;
 * its quota used up → over_quota; otherwise → pending (its relay is started again).
 */
export async function unsuspendRental(
  db: DbOrTx,
  actor: SessionUser,
  rentalId: string,
  input: { reason: string },
  meta?: RequestMeta,
): Promise<Rental> {
  assertAdmin(actor);
  return db.transaction(async (tx) => {
    const [rental] = await tx.select().from(rentals).where(eq(rentals.id, rentalId)).for("update");
    if (!rental) throw notFound("rental_unknown");
    if (rental.status !== "suspended") throw conflict("rental_not_suspended");
    const to: RentalStatus =
      rental.expiresAt.getTime() <= now().getTime()
        ? "expired"
        : rental.trafficUsedBytes >= rental.trafficQuotaBytes
          ? "over_quota"
          : "pending";
    const result = await transitionRental(tx, rentalId, to, {
      reason: "unsuspended",
      actor: auditActor(actor),
      meta,
      from: "suspended",
      details: { adminReason: input.reason },
    });
    return result.rental;
  });
}
