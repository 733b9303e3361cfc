import { eq, inArray } from "drizzle-orm";
import { createTranslator } from "next-intl";
import type { DbOrTx } from "@/db/client";
import { apiTokens, plans, regions, rentals, serialBatches, serialCodes, servers, users, type AuditLogRow } from "@/db/schema";
import { assertAdmin } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/types";
import type { AppLocale } from "@/lib/i18n/config";
import { getMessages } from "@/lib/i18n/messages";
import { plainIp } from "@/lib/ip";
import { isUuid } from "@/lib/validation";
import { auditMessageKey, type AuditMessageKey } from "./audit-actions";

/** A link in an audit sentence: what it says, where it leads (null: nowhere), and the full id on hover. */
export interface AuditLink {
  text: string;
  href: string | null;
  title?: string;
}

/** One audit entry ready to be read as a sentence (components/admin/audit-entries.tsx). */
export interface AuditEntryView {
  id: number;
  at: Date;
  action: string;
  /** The sentence's message (adminLogs.audit.actions.<key>); null for an action this version does not know. */
  messageKey: AuditMessageKey | null;
  /** The details as message values: text and numbers (true/false as text, for select). */
  values: Record<string, string | number>;
  /** null: the system (no signed-in actor). */
  actor: AuditLink | null;
  target: AuditLink | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
}

const short = (id: string) => (isUuid(id) ? id.slice(0, 8) : id);

/**
 * Audit rows as sentences' parts, in the reader's language: targets are named (a user's email, a plan's name, a
 * batch by its plan and size, a rental by plan and owner, a token by its name) and linked to their admin page,
 * looked up in one query per kind for the whole page of rows. A target that no longer exists is named by what
 * the entry's details say, or by its short id.
 */
export async function viewAuditEntries(db: DbOrTx, actor: SessionUser, rows: AuditLogRow[], locale: AppLocale): Promise<AuditEntryView[]> {
  assertAdmin(actor);
  const ids = (type: string) => [...new Set(rows.filter((r) => r.targetType === type && r.targetId).map((r) => r.targetId!))];
  const uuids = (type: string) => ids(type).filter(isUuid);
  const codeIds = ids("serial_code").filter((id) => /^\d{1,18}$/.test(id)).map(Number);
  const none = Promise.resolve([]);

  const [userRows, planRows, regionRows, codeRows, tokenRows, rentalRows, serverRows] = await Promise.all([
    uuids("user").length ? db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, uuids("user"))) : none,
    uuids("plan").length
      ? db.select({ id: plans.id, nameEn: plans.nameEn, nameZh: plans.nameZh }).from(plans).where(inArray(plans.id, uuids("plan")))
      : none,
    uuids("region").length ? db.select({ id: regions.id, code: regions.code }).from(regions).where(inArray(regions.id, uuids("region"))) : none,
    codeIds.length ? db.select({ id: serialCodes.id, batchId: serialCodes.batchId }).from(serialCodes).where(inArray(serialCodes.id, codeIds)) : none,
    uuids("api_token").length
      ? db.select({ id: apiTokens.id, name: apiTokens.name, userId: apiTokens.userId }).from(apiTokens).where(inArray(apiTokens.id, uuids("api_token")))
      : none,
    uuids("rental").length
      ? db
          .select({ id: rentals.id, userId: rentals.userId, email: users.email, nameEn: plans.nameEn, nameZh: plans.nameZh })
          .from(rentals)
          .innerJoin(users, eq(users.id, rentals.userId))
          .innerJoin(plans, eq(plans.id, rentals.planId))
          .where(inArray(rentals.id, uuids("rental")))
      : none,
    uuids("server").length ? db.select({ id: servers.id, name: servers.name }).from(servers).where(inArray(servers.id, uuids("server"))) : none,
  ]);
  const codeBatch = new Map(codeRows.map((c) => [String(c.id), c.batchId]));
  const batchIds = [...new Set([...uuids("serial_batch"), ...codeRows.map((c) => c.batchId)])];
  const batchRows = batchIds.length
    ? await db
        .select({ id: serialBatches.id, count: serialBatches.count, nameEn: plans.nameEn, nameZh: plans.nameZh })
        .from(serialBatches)
        .innerJoin(plans, eq(plans.id, serialBatches.planId))
        .where(inArray(serialBatches.id, batchIds))
    : [];

  const t = createTranslator({ locale, messages: getMessages(locale), namespace: "adminLogs.audit" });
  const name = (r: { nameEn: string; nameZh: string }) => (locale === "zh-CN" ? r.nameZh : r.nameEn);
  const byId = <T extends { id: string | number }>(list: T[]) => new Map(list.map((x) => [String(x.id), x]));
  const [usersById, plansById, regionsById, tokensById, rentalsById, batchesById, serversById] = [
    byId(userRows),
    byId(planRows),
    byId(regionRows),
    byId(tokenRows),
    byId(rentalRows),
    byId(batchRows),
    byId(serverRows),
  ];

  const batchLink = (batchId: string | undefined, fallbackId: string): AuditLink => {
    const batch = batchId ? batchesById.get(batchId) : undefined;
    if (!batch) return { text: `#${short(batchId ?? fallbackId)}`, href: batchId && isUuid(batchId) ? `/admin/serials/${batchId}` : null, title: batchId ?? fallbackId };
    return { text: t("targetBatch", { count: batch.count, plan: name(batch) }), href: `/admin/serials/${batch.id}`, title: batch.id };
  };

  const targetOf = (row: AuditLogRow): AuditLink | null => {
    const { targetType: type, targetId: id } = row;
    if (!type || !id) return null;
    const d = row.details as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === "string" && value ? value : `#${short(id)}`);
    switch (type) {
      case "user":
        return { text: usersById.get(id)?.email ?? text(d.email), href: isUuid(id) ? `/admin/users/${id}` : null, title: id };
      case "plan": {
        const plan = plansById.get(id);
        return { text: plan ? name(plan) : text(locale === "zh-CN" ? (d.nameZh ?? d.nameEn) : d.nameEn), href: plan ? `/admin/plans/${id}` : null, title: id };
      }
      case "region": {
        const region = regionsById.get(id);
        return { text: region?.code ?? text(d.code), href: region ? `/admin/regions/${id}` : null, title: id };
      }
      case "serial_batch":
        return batchLink(id, id);
      case "serial_code":
        return batchLink(codeBatch.get(id) ?? (typeof d.batchId === "string" ? d.batchId : undefined), id);
      case "api_token": {
        const token = tokensById.get(id);
        return { text: token ? t("targetToken", { name: token.name }) : `#${short(id)}`, href: token ? `/admin/users/${token.userId}` : null, title: id };
      }
      case "rental": {
        const rental = rentalsById.get(id);
        if (!rental) return { text: `#${short(id)}`, href: typeof d.userId === "string" && isUuid(d.userId) ? `/admin/users/${d.userId}` : null, title: id };
        return { text: t("targetRental", { plan: name(rental), email: rental.email }), href: `/admin/users/${rental.userId}`, title: id };
      }
      case "relay": {
        // Named by what the entry recorded (container and owner): a released relay's row says no more.
        const email = typeof d.email === "string" && d.email ? d.email : null;
        const userId = typeof d.userId === "string" && isUuid(d.userId) ? d.userId : null;
        return {
          text: email ? t("targetRelay", { container: text(d.container), email }) : text(d.container),
          href: userId ? `/admin/containers?user=${userId}` : "/admin/containers",
          title: id,
        };
      }
      case "server": {
        const server = serversById.get(id);
        return { text: server?.name ?? text(d.name), href: server ? `/admin/servers/${id}` : null, title: id };
      }
      default:
        return { text: `${type} #${short(id)}`, href: null, title: id };
    }
  };

  return rows.map((row) => ({
    id: row.id,
    at: row.at,
    action: row.action,
    messageKey: auditMessageKey(row.action),
    values: messageValues(row.details as Record<string, unknown>),
    actor: row.actorEmail || row.actorId ? { text: row.actorEmail ?? `#${short(row.actorId!)}`, href: row.actorId ? `/admin/users/${row.actorId}` : null } : null,
    target: targetOf(row),
    ip: plainIp(row.ip),
    userAgent: row.userAgent,
    details: row.details as Record<string, unknown>,
  }));
}

/** Details a sentence may name: text, numbers, and booleans as "true"/"false" (for ICU select). */
function messageValues(details: Record<string, unknown>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(details)) {
    if (typeof v === "string" || typeof v === "number") out[k] = v;
    else if (typeof v === "boolean") out[k] = String(v);
  }
  return out;
}
