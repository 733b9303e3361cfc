import { desc, lt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { alertDeliveries, type AlertDeliveryRow } from "@/db/schema";
import { assertAdmin } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/current-user";
import { byId, pageOf, pageQuery, type Page } from "@/lib/http/paging";

export const deliveriesFilter = pageQuery(byId);

/** Admins only. The delivery log, newest first, a page at a time. */
export async function listAlertDeliveries(db: DbOrTx, actor: SessionUser, filter: { cursor?: number; limit: number }): Promise<Page<AlertDeliveryRow>> {
  assertAdmin(actor);
  const rows = await db
    .select()
    .from(alertDeliveries)
    .where(filter.cursor ? lt(alertDeliveries.id, filter.cursor) : undefined)
    .orderBy(desc(alertDeliveries.id))
    .limit(filter.limit + 1);
  return pageOf(rows, filter.limit, (r) => [r.id]);
}
