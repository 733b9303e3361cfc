import { and, eq, lt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { alertDeliveries, alerts } from "@/db/schema";

/**
 * The retention job keeps alert history as long as the system log (LOG_RETENTION_DAYS): deliveries older than
 * the cutoff, and alerts resolved before it. Firing alerts stay, however old: they are the dedup state.
 */
export async function pruneAlerts(db: DbOrTx, cutoff: Date): Promise<{ deliveries: number; alerts: number }> {
  const deliveries = await db.delete(alertDeliveries).where(lt(alertDeliveries.at, cutoff)).returning({ id: alertDeliveries.id });
  const resolved = await db
    .delete(alerts)
    .where(and(eq(alerts.status, "resolved"), lt(alerts.resolvedAt, cutoff)))
    .returning({ id: alerts.id });
  return { deliveries: deliveries.length, alerts: resolved.length };
}
