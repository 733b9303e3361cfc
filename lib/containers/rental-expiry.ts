import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rentals } from "@/db/schema";
import { DAY_MS, now } from "@/lib/clock";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { writeSystemLog } from "@/lib/logs/system-log";
import { transitionRental } from "@/lib/rentals/transition-rental";
import { errorMessage } from "./deploy-node";
import { liveRelayIds, releaseRelay, stopRelay } from "./relay-lifecycle";

/**
 * The end of a rental's life, run by the worker: at expiry the rental becomes `expired` and its relays stop
 * (kept, with their ports and certificate, so a renewal inside the grace period brings back the same relay and
 * the customer's DERP map stays valid); when the grace period is over the relays are removed, their ports
 * freed, and the rental is `released`.
 */

/** Statuses that still have time; at expiry each becomes `expired`. */
const LIVING = ["pending", "active", "suspended", "over_quota"] as const;

export type ExpiryReport = { expired: number; stopFailures: number };

/** Which rentals a run looks at: all of them (the worker), or the given ones (tests sharing a database). */
export type RentalScope = { only?: readonly string[]; limit?: number };

export async function expireDueRentals(db: Db, scope: RentalScope = {}): Promise<ExpiryReport> {
  const at = now();
  const due = await db
    .select({ id: rentals.id, status: rentals.status })
    .from(rentals)
    .where(and(inArray(rentals.status, [...LIVING]), lte(rentals.expiresAt, at), scoped(scope)))
    .orderBy(asc(rentals.expiresAt))
    .limit(scope.limit ?? 500);
  const report: ExpiryReport = { expired: 0, stopFailures: 0 };
  for (const rental of due) {
    try {
      await transitionRental(db, rental.id, "expired", { reason: "expiry", from: rental.status });
    } catch (error) {
      // Changed since it was read (renewed, suspended by an admin): the next run looks again.
      if (error instanceof AppError && error.code === "rental_state_changed") continue;
      throw error;
    }
    report.expired++;
    report.stopFailures += await stopAll(db, rental.id, "expiry");
  }
  return report;
}

export type GraceReport = { released: number; relaysReleased: number };

/** Expired rentals whose grace period (RELEASE_GRACE_DAYS after expiry) is over: relays removed, rental released. */
export async function releaseAfterGrace(db: Db, scope: RentalScope = {}): Promise<GraceReport> {
  const cutoff = new Date(now().getTime() - env().RELEASE_GRACE_DAYS * DAY_MS);
  const due = await db
    .select({ id: rentals.id })
    .from(rentals)
    .where(and(eq(rentals.status, "expired"), lte(rentals.expiresAt, cutoff), scoped(scope)))
    .orderBy(asc(rentals.expiresAt))
    .limit(scope.limit ?? 500);
  const report: GraceReport = { released: 0, relaysReleased: 0 };
  for (const rental of due) {
    // The customer's time is over: a host that does not answer does not keep the slot; reconciliation removes
    // the labelled container once the host answers again (its row is released).
    for (const relayId of await liveRelayIds(db, rental.id)) {
      await releaseRelay(db, relayId, { reason: "grace_over", evenIfUnreachable: true });
      report.relaysReleased++;
    }
    try {
      await transitionRental(db, rental.id, "released", { reason: "grace_over", from: "expired" });
      report.released++;
    } catch (error) {
      // Renewed while its relays were being removed: it is pending now and gets new relays.
      if (!(error instanceof AppError && error.code === "rental_state_changed")) throw error;
    }
  }
  return report;
}

/** Stops every live relay of a rental; one on a host that does not answer is logged, and stopped later by the traffic job (stopRelaysOfStoppedRentals). */
async function stopAll(db: Db, rentalId: string, reason: string): Promise<number> {
  let failures = 0;
  for (const relayId of await liveRelayIds(db, rentalId)) {
    try {
      await stopRelay(db, relayId, { reason });
    } catch (error) {
      failures++;
      await writeSystemLog(db, {
        level: "warn",
        source: "containers",
        message: `could not stop relay ${relayId} of rental ${rentalId} (${reason}); the next run tries again`,
        context: { rentalId, relayId, reason, error: errorMessage(error) },
      });
    }
  }
  return failures;
}

export function scoped(scope: RentalScope) {
  if (!scope.only) return undefined;
  return scope.only.length ? inArray(rentals.id, [...scope.only]) : sql`false`;
}
