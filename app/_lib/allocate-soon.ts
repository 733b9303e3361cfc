import { after } from "next/server";
import { getDb } from "@/db/client";
import type { RentalStatus } from "@/db/schema";
import { allocateRental } from "@/lib/containers/allocate";
import { logger } from "@/lib/logger";
import { writeSystemLog } from "@/lib/logs/system-log";

/**
 * Gives a rental that now waits for its relay (a redemption, a grant, a renewal, quota restored, a lifted
 * suspension) its relay right after the answer is sent, so the customer does not wait for the worker's next
 * allocation run, and the request does not wait for a container to start. Failures are logged, never thrown:
 * the request already succeeded, and the worker retries any rental left `pending`.
 */
export function allocateSoon(rental: { id: string; status: RentalStatus }): void {
  if (rental.status !== "pending") return;
  const task = async () => {
    const db = await getDb();
    try {
      await allocateRental(db, rental.id);
    } catch (error) {
      logger.warn({ err: error, rentalId: rental.id }, "allocation after the request failed; the worker retries");
      await writeSystemLog(db, {
        level: "warn",
        source: "containers",
        message: "allocating a relay right after the request failed; the worker tries again",
        context: { rentalId: rental.id, error: error instanceof Error ? error.message : String(error) },
      }).catch((e: unknown) => logger.error({ err: e }, "could not write the system log"));
    }
  };
  try {
    after(task);
  } catch (error) {
    // Outside a request (a test calling a handler directly, a script) there is no "after the answer": the
    // worker's allocation job picks the pending rental up, so nothing is started here behind the caller's back.
    if (!(error instanceof Error && /outside a request scope/.test(error.message))) throw error;
    logger.debug({ rentalId: rental.id }, "no request scope: allocation left to the worker");
  }
}
