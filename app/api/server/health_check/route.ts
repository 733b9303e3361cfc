import { apiRoute, list } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";
import { page } from "@/lib/http/paging";
import { checkFleetNow } from "@/lib/fleet/monitor/health";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /**
   * Checks every server now (the fleet-health job's check) and answers each one's status, one page. It creates
   * or repairs canaries, so another site may not set it off in an admin's browser.
   */
  GET: apiRoute({ access: "admin", sameSiteOnly: true }, async ({ db, user }) => list(page(await checkFleetNow(db, user)))),
});
