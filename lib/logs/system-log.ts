import { and, desc, eq, gte, ilike, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { logLevel, systemLog, type LogLevel, type SystemLogRow } from "@/db/schema";
import { assertAdmin } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/current-user";
import { now } from "@/lib/clock";
import { logger } from "@/lib/logger";
import { dateRangeFields, toDayRange } from "@/lib/http/date-range";
import { byId, pageOf, pageQuery, type Page } from "@/lib/http/paging";
import { likePattern } from "@/lib/like-pattern";

export interface SystemLogEntry {
  level: LogLevel;
  source: string;
  message: string;
  context?: Record<string, unknown>;
}

/**
 * Writes one entry to the system log and to stdout. A failure to store it is reported on stdout and does not
 * fail the caller: losing a log row must never undo the work it describes.
 */
export async function writeSystemLog(db: DbOrTx, entry: SystemLogEntry): Promise<void> {
  const context = entry.context ?? {};
  logger[entry.level]({ source: entry.source, ...context }, entry.message);
  try {
    await db.insert(systemLog).values({ ...entry, context, at: now() });
  } catch (e) {
    logger.error({ err: e, source: entry.source }, "could not store system log entry");
  }
}

export const systemLogFilter = pageQuery(byId)
  .extend({
    level: z.enum(logLevel.enumValues).optional(),
    source: z.string().trim().min(1).max(100).optional(),
    ...dateRangeFields,
    q: z.string().trim().min(1).max(200).optional(),
  })
  .transform(toDayRange);
export type SystemLogFilter = z.output<typeof systemLogFilter>;

/** Admins only: log rows can name customers and hosts. */
export async function querySystemLog(db: DbOrTx, actor: SessionUser, filter: SystemLogFilter): Promise<Page<SystemLogRow>> {
  assertAdmin(actor);
  const where: (SQL | undefined)[] = [
    filter.level ? eq(systemLog.level, filter.level) : undefined,
    filter.source ? eq(systemLog.source, filter.source) : undefined,
    filter.from ? gte(systemLog.at, filter.from) : undefined,
    filter.until ? lt(systemLog.at, filter.until) : undefined,
    filter.q ? ilike(systemLog.message, likePattern(filter.q)) : undefined,
    filter.cursor ? lt(systemLog.id, filter.cursor) : undefined,
  ];
  const rows = await db
    .select()
    .from(systemLog)
    .where(and(...where))
    .orderBy(desc(systemLog.id))
    .limit(filter.limit + 1);
  return pageOf(rows, filter.limit, (r) => [r.id]);
}

export async function listSystemLogSources(db: DbOrTx, actor: SessionUser): Promise<string[]> {
  assertAdmin(actor);
  const rows = await db.selectDistinct({ source: systemLog.source }).from(systemLog).orderBy(systemLog.source);
  return rows.map((r) => r.source);
}
