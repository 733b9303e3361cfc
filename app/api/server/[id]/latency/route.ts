import { z } from "zod";
import { apiRoute } from "@/lib/http/api-route";
import { getServerTrends, trendQuery } from "@/lib/fleet/monitor/trends";

const params = z.object({ id: z.uuid() });

/** `?range=1h|24h|7d|30d` (default 24h): latency per probe kind and load, bucketed (lib/fleet/monitor/trends.ts). */
export const GET = apiRoute({ access: "admin", params, query: trendQuery }, async ({ db, user, params, query }) => ({
  data: await getServerTrends(db, user, params.id, query.range),
}));
