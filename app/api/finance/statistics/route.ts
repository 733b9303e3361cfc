import { getFinanceStatistics, statisticsQuery } from "@/lib/billing/statistics";
import { apiRoute } from "@/lib/http/api-route";

/** Revenue for ?from&to (UTC days, to inclusive; default the last 30 days) grouped by ?groupBy=day|month. */
export const GET = apiRoute({ access: "admin", query: statisticsQuery }, async ({ db, user, query }) =>
  getFinanceStatistics(db, user, query),
);
