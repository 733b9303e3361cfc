import { apiRoute, list } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";
import { auditLogFilter, queryAuditLog } from "@/lib/logs/audit-log";

/** Audit log with filters (actor, action, target, from, to) and cursor paging; admins only. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: apiRoute({ access: "admin", query: auditLogFilter }, async ({ db, user, query }) => list(await queryAuditLog(db, user, query))),
});
