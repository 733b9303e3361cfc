import { isIP } from "node:net";
import { and, desc, eq, gte, ilike, lt, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { auditLog, type AuditLogRow } from "@/db/schema";
import { assertAdmin } from "@/lib/auth/access";
import type { RequestMeta, SessionUser } from "@/lib/auth/types";
import { now } from "@/lib/clock";
import { isUuid } from "@/lib/validation";
import { plainIp } from "@/lib/ip";
import type { AuditAction } from "./audit-actions";
import { dateRangeFields, toDayRange } from "@/lib/http/date-range";
import { byId, pageOf, pageQuery, type Page } from "@/lib/http/paging";
import { likePattern } from "@/lib/like-pattern";

// Kept importable from here, where it always lived.
export type { RequestMeta };

export interface AuditEntry {
  actor: { id: string; email: string } | null;
  /** One of lib/logs/audit-actions.ts, each worded in both languages. */
  action: AuditAction;
  target?: { type: string; id: string };
  meta?: RequestMeta;
  details?: Record<string, unknown>;
}

/**
 * Writes one audit entry. Pass the transaction that made the change, so the entry exists exactly when the
 * change does. Never put a secret in `details`.
 */
export async function writeAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  const ip = entry.meta?.ip && isIP(entry.meta.ip) ? plainIp(entry.meta.ip) : null;
  await db.insert(auditLog).values({
    at: now(),
    actorId: entry.actor?.id ?? null,
    actorEmail: entry.actor?.email ?? null,
    action: entry.action,
    targetType: entry.target?.type ?? null,
    targetId: entry.target?.id ?? null,
    ip,
    userAgent: entry.meta?.userAgent?.slice(0, 500) ?? null,
    details: entry.details ?? {},
  });
}

export const auditLogFilter = pageQuery(byId)
  .extend({
    /** Matches the actor's email (part of it) or id. */
    actor: z.string().trim().min(1).max(200).optional(),
    action: z.string().trim().min(1).max(100).optional(),
    /** Matches the target id, or "type:id". */
    target: z.string().trim().min(1).max(200).optional(),
    ...dateRangeFields,
  })
  .transform(toDayRange);
export type AuditLogFilter = z.output<typeof auditLogFilter>;

/** Admins only. */
export async function queryAuditLog(db: DbOrTx, actor: SessionUser, filter: AuditLogFilter): Promise<Page<AuditLogRow>> {
  assertAdmin(actor);
  const targetParts = filter.target?.split(":");
  const where: (SQL | undefined)[] = [
    filter.actor
      ? isUuid(filter.actor)
        ? eq(auditLog.actorId, filter.actor)
        : ilike(auditLog.actorEmail, likePattern(filter.actor))
      : undefined,
    filter.action ? eq(auditLog.action, filter.action) : undefined,
    targetParts && targetParts.length === 2
      ? and(eq(auditLog.targetType, targetParts[0]), eq(auditLog.targetId, targetParts[1]))
      : filter.target
        ? or(eq(auditLog.targetId, filter.target), eq(auditLog.targetType, filter.target))
        : undefined,
    filter.from ? gte(auditLog.at, filter.from) : undefined,
    filter.until ? lt(auditLog.at, filter.until) : undefined,
    filter.cursor ? lt(auditLog.id, filter.cursor) : undefined,
  ];
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(filter.limit + 1);
  return pageOf(rows, filter.limit, (r) => [r.id]);
}
