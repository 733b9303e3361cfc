import { apiRoute, list } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";
import { querySystemLog, systemLogFilter } from "@/lib/logs/system-log";

/** System log with filters (level, source, from, to, q) and cursor paging; admins only. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: apiRoute({ access: "admin", query: systemLogFilter }, async ({ db, user, query }) => list(await querySystemLog(db, user, query))),
});
