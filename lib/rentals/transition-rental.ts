import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { plans, rentals, type Rental, type RentalStatus } from "@/db/schema";
import { now } from "@/lib/clock";
import { AppError, conflict, notFound } from "@/lib/errors";
import { recordHistory } from "@/lib/history/record-history";
import { writeAudit, type RequestMeta } from "@/lib/logs/audit-log";
import { writeSystemLog } from "@/lib/logs/system-log";
import { canTransition } from "./transitions";
import { notifyAdmissionChange } from "@/lib/devices/admission-invalidation";

export interface TransitionOptions {
  /**
   * Why, as a short code ("allocation", "admin", "quota", "expiry", "renewal", "grace_over", …): stored in the
   * history entry, the system-log line and the audit entry.
   */
  reason: string;
  /** Who caused it: an admin, or the customer (a purchase). Null or absent: the system (a worker job). */
  actor?: { id: string; email: string } | null;
  /**
   * The status(es) the caller expects the rental to be in now. When it is in another one (it changed since
   * the caller read it), the change is refused with 409 rental_state_changed instead of applied.
   */
  from?: RentalStatus | readonly RentalStatus[];
  /** Where the request came from, for the audit entry. */
  meta?: RequestMeta;
  /** Extra values for the history entry, the log line and the audit entry (e.g. a container or host id). */
  details?: Record<string, unknown>;
}

export interface TransitionResult {
  rental: Rental;
  from: RentalStatus;
  to: RentalStatus;
}

/**
 * The one way a rental's status changes. Locks the rental, refuses a change the table in ./transitions.ts
 * does not allow (409 invalid_transition), then writes the new status, a history entry for the customer, a
 * system-log line and, when someone other than the customer caused it (an admin), an audit entry, all in one
 * transaction. Pass the caller's transaction to make the change part of a larger one (a redemption); a plain
 * database handle (a worker job) gets a transaction of its own. Permission is the caller's business: this is
 * a building block for lib functions, not an operation exposed to routes as it is.
 */
export async function transitionRental(
  db: DbOrTx,
  rentalId: string,
  to: RentalStatus,
  opts: TransitionOptions,
): Promise<TransitionResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ rental: rentals, planNameEn: plans.nameEn, planNameZh: plans.nameZh })
      .from(rentals)
      .innerJoin(plans, eq(plans.id, rentals.planId))
      .where(eq(rentals.id, rentalId))
      .for("update", { of: rentals });
    if (!row) throw notFound("rental_unknown");
    const from = row.rental.status;
    const expected = opts.from === undefined ? undefined : ([] as RentalStatus[]).concat(opts.from);
    if (expected && !expected.includes(from)) throw conflict("rental_state_changed");
    if (!canTransition(from, to)) throw new AppError(409, "invalid_transition", undefined, { from, to });

    const at = now();
    const [rental] = await tx.update(rentals).set({ status: to, updatedAt: at }).where(eq(rentals.id, rentalId)).returning();
    const actor = opts.actor ?? null;
    const facts = { rentalId, userId: rental.userId, from, to, reason: opts.reason, ...opts.details };
    // Admission allows only active rentals: every replica's cache forgets this customer's facts.
    await notifyAdmissionChange(tx, { userId: rental.userId });

    await recordHistory(
      tx,
      rental.userId,
      "rental_status",
      {
        planId: rental.planId,
        planNameEn: row.planNameEn,
        planNameZh: row.planNameZh,
        rentalId,
        from,
        to,
        reason: opts.reason,
      },
      actor?.id,
    );
    await writeSystemLog(tx, {
      level: "info",
      source: "rentals",
      message: `rental ${from} → ${to} (${opts.reason})`,
      context: { ...facts, actorId: actor?.id ?? null },
    });
    if (actor && actor.id !== rental.userId) {
      await writeAudit(tx, {
        actor,
        action: "rental.transition",
        target: { type: "rental", id: rentalId },
        meta: opts.meta,
        details: facts,
      });
    }
    return { rental, from, to };
  });
}
