import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { relays, rentals, type RentalStatus } from "@/db/schema";
import { mapWithConcurrency } from "@/lib/fleet/concurrency";
import { writeSystemLog } from "@/lib/logs/system-log";
import { stopRelay } from "../relay-lifecycle";

/**
 * Relays of rentals that must not run (over quota, suspended, expired) are stopped, whoever changed the rental:
 * this job's quota check, an admin lowering a quota or suspending, the expiry job. Runs after every sampling
 * cycle, so a relay stops within one cycle; stopRelay reads its counters one last time first.
 */

const STOP_REASON: Partial<Record<RentalStatus, string>> = { over_quota: "quota", suspended: "admin", expired: "expiry" };
const STOPPED_STATUSES = Object.keys(STOP_REASON) as RentalStatus[];

export type StopSummary = { stopped: number; errors: number };

export async function stopRelaysOfStoppedRentals(db: Db, onlyRelayIds?: string[]): Promise<StopSummary> {
  const rows = await db
    .select({ relayId: relays.id, status: rentals.status, rentalId: rentals.id })
    .from(relays)
    .innerJoin(rentals, eq(rentals.id, relays.rentalId))
    .where(
      and(
        eq(relays.kind, "customer"),
        eq(relays.state, "running"),
        inArray(rentals.status, STOPPED_STATUSES),
        onlyRelayIds ? inArray(relays.id, onlyRelayIds) : undefined,
      ),
    );
  const summary: StopSummary = { stopped: 0, errors: 0 };
  // Stopping waits for the container (up to its grace period): a few at a time.
  await mapWithConcurrency(rows, 4, async (row) => {
    try {
      await stopRelay(db, row.relayId, { reason: STOP_REASON[row.status] ?? "admin" });
      summary.stopped++;
    } catch (error) {
      // A host that does not answer: the relay stays running in the database and the next cycle tries again.
      summary.errors++;
      await writeSystemLog(db, {
        level: "warn",
        source: "traffic",
        message: `could not stop the relay of a ${row.status} rental: ${error instanceof Error ? error.message : String(error)}`,
        context: { relayId: row.relayId, rentalId: row.rentalId },
      });
    }
  });
  return summary;
}
