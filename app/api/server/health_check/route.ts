import { apiRoute } from "@/lib/http/api-route";
import { checkFleetNow } from "@/lib/fleet/monitor/health";

/**
 * Checks every server now (the fleet-health job's check) and answers each one's status. It creates or repairs
 * canaries, so another site may not set it off in an admin's browser.
 */
export const GET = apiRoute({ access: "admin", sameSiteOnly: true }, async ({ db, user }) => ({
  items: await checkFleetNow(db, user),
  nextCursor: null,
}));
