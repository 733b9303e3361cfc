import { and, desc, eq, lt } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { userHistory } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { assertSelfOrAdmin } from "@/lib/auth/access";
import type { AppLocale } from "@/lib/i18n/config";
import { byId, pageOf, pageQuery, type Page } from "@/lib/http/paging";
import { describeHistory } from "./describe";

export const historyQuery = pageQuery(byId);
export type HistoryQuery = z.infer<typeof historyQuery>;

export interface HistoryEntry {
  id: number;
  type: string;
  at: Date;
  data: Record<string, unknown>;
  /** The entry as a sentence in the reader's language. */
  message: string;
  /** Set when an admin (not the user) caused the entry. */
  actorId: string | null;
}

/** A user's history, newest first, paged by id. A customer reads only their own; an admin anyone's. */
export async function listUserHistory(
  db: DbOrTx,
  actor: SessionUser,
  userId: string,
  query: HistoryQuery,
  locale: AppLocale,
  /** The reader's zone, for the dates inside the sentences. */
  timeZone = "UTC",
): Promise<Page<HistoryEntry>> {
  assertSelfOrAdmin(actor, userId);
  const rows = await db
    .select()
    .from(userHistory)
    .where(and(eq(userHistory.userId, userId), query.cursor ? lt(userHistory.id, query.cursor) : undefined))
    .orderBy(desc(userHistory.id))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit, (r) => [r.id]);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((r) => ({
      id: r.id,
      type: r.type,
      at: r.at,
      data: r.data,
      actorId: r.actorId,
      message: describeHistory(locale, r.type, r.data, timeZone),
    })),
  };
}
