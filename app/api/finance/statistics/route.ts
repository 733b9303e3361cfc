import { getFinanceStatistics, statisticsQuery } from "@/lib/billing/statistics";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/** Revenue for ?from&to (inclusive UTC days; default the last 30 days) grouped by ?groupBy=day|month. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: apiRoute({ access: "admin", query: statisticsQuery }, async ({ db, user, query }) => getFinanceStatistics(db, user, query)),
});
