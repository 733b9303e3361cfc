import { summarizeRegions } from "@/lib/fleet/servers/region-summary";
import { apiRoute, list } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";
import { page } from "@/lib/http/paging";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /** Per region: servers, customers, relays, capacity and load. Regions are few: one page. */
  GET: apiRoute({ access: "admin" }, async ({ db, user }) => list(page(await summarizeRegions(db, user)))),
});
