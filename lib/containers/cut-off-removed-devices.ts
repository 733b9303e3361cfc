import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { relays, rentals } from "@/db/schema";
import { writeSystemLog } from "@/lib/logs/system-log";
import { errorMessage } from "./deploy-node";
import { restartRelay } from "./relay-lifecycle";

/**
 * derper asks admission only when a client connects, so a device removed from the customer's list keeps an
 * open connection until it reconnects. Restarting the customer's running relays ends every connection at once:
 * the devices still registered reconnect within seconds and are admitted, the removed one is refused. The
 * same container, ports and certificate come back, and the traffic is read before the restart (nothing lost).
 */
export async function cutOffRemovedDevices(db: Db, userId: string): Promise<{ restarted: number; failed: number }> {
  const running = await db
    .select({ id: relays.id })
    .from(relays)
    .innerJoin(rentals, eq(rentals.id, relays.rentalId))
    .where(and(eq(rentals.userId, userId), eq(rentals.status, "active"), eq(relays.state, "running")));
  const report = { restarted: 0, failed: 0 };
  for (const relay of running) {
    try {
      await restartRelay(db, relay.id, { reason: "device_removed" });
      report.restarted++;
    } catch (error) {
      report.failed++;
      await writeSystemLog(db, {
        level: "warn",
        source: "containers",
        message: `could not restart relay ${relay.id} to cut off a removed device; it is refused at its next connection`,
        context: { userId, relayId: relay.id, error: errorMessage(error) },
      });
    }
  }
  return report;
}
