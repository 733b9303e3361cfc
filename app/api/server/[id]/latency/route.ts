import { z } from "zod";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";
import { getServerTrends, trendQuery } from "@/lib/fleet/monitor/trends";

const params = z.object({ id: z.uuid() });

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /** `?range=1h|24h|7d|30d` (default 24h): latency per probe kind and load, bucketed (lib/fleet/monitor/trends.ts). */
  GET: apiRoute({ access: "admin", params, query: trendQuery }, async ({ db, user, params, query }) =>
    getServerTrends(db, user, params.id, query.range),
  ),
});
