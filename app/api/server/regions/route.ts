import { summarizeRegions } from "@/lib/fleet/servers/region-summary";
import { apiRoute } from "@/lib/http/api-route";

/** Per region: servers, customers, relays, capacity and load. Regions are few: one page. */
export const GET = apiRoute({ access: "admin" }, async ({ db, user }) => ({ items: await summarizeRegions(db, user), nextCursor: null }));
