import { apiRoute } from "@/lib/http/api-route";
import { querySystemLog, systemLogFilter } from "@/lib/logs/system-log";

/** System log with filters (level, source, from, to, q) and cursor paging; admins only. */
export const GET = apiRoute({ access: "admin", query: systemLogFilter }, async ({ db, user, query }) => querySystemLog(db, user, query));
