import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { mailOutbox, type MailOutboxRow } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { forbidden } from "@/lib/errors";
import { byId, pageOf, pageQuery, type Page } from "@/lib/http/paging";

export const outboxFilter = pageQuery(byId).extend({
  to: z.string().trim().toLowerCase().min(1).max(254).optional(),
});
export type OutboxFilter = z.infer<typeof outboxFilter>;

/** The development mailbox, newest first; admins only (the mails carry codes). */
export async function listOutbox(db: DbOrTx, actor: SessionUser, filter: OutboxFilter): Promise<Page<MailOutboxRow>> {
  if (actor.role !== "admin") throw forbidden();
  const where: (SQL | undefined)[] = [
    filter.to ? eq(mailOutbox.to, filter.to) : undefined,
    filter.cursor ? lt(mailOutbox.id, filter.cursor) : undefined,
  ];
  const rows = await db
    .select()
    .from(mailOutbox)
    .where(and(...where))
    .orderBy(desc(mailOutbox.id))
    .limit(filter.limit + 1);
  return pageOf(rows, filter.limit, (r) => [r.id]);
}
