import type { Db } from "@/db/client";
import { writeSystemLog } from "@/lib/logs/system-log";
import { allocateRental, rentalsNeedingRelays } from "./allocate";
import { errorMessage } from "./deploy-node";

/**
 * The worker's allocation pass: every rental still waiting for a relay (pending, or an HA rental missing a
 * node) is tried once, oldest first. One rental's failure is logged and does not stop the others.
 */
export async function allocateWaitingRentals(db: Db): Promise<{ tried: number; placed: number; waiting: number; failed: number }> {
  const ids = await rentalsNeedingRelays(db);
  const report = { tried: ids.length, placed: 0, waiting: 0, failed: 0 };
  for (const id of ids) {
    try {
      const { problem } = await allocateRental(db, id);
      if (problem) report.waiting++;
      else report.placed++;
    } catch (error) {
      report.failed++;
      await writeSystemLog(db, {
        level: "error",
        source: "containers",
        message: `allocating relays for rental ${id} failed`,
        context: { rentalId: id, error: errorMessage(error) },
      });
    }
  }
  return report;
}
