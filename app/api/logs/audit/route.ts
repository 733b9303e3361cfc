import { apiRoute } from "@/lib/http/api-route";
import { auditLogFilter, queryAuditLog } from "@/lib/logs/audit-log";

/** Audit log with filters (actor, action, target, from, to) and cursor paging; admins only. */
export const GET = apiRoute({ access: "admin", query: auditLogFilter }, async ({ db, user, query }) => queryAuditLog(db, user, query));
