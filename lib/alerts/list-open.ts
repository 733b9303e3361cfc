import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { alerts, type AlertRow } from "@/db/schema";
import { assertAdmin } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/current-user";

/** Admins only. The alerts firing now (the settings page shows them above the log). */
export async function listOpenAlerts(db: DbOrTx, actor: SessionUser): Promise<AlertRow[]> {
  assertAdmin(actor);
  return db.select().from(alerts).where(eq(alerts.status, "firing")).orderBy(desc(alerts.startedAt)).limit(100);
}
