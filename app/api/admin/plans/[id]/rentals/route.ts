import { z } from "zod";
import { listPlanRentals, planRentalsQuery } from "@/lib/billing/plan-overview";
import { apiRoute, list } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/** The plan's current rentals (pending, active, suspended, over quota) with their users, newest first, paged. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: apiRoute({ access: "admin", params: z.object({ id: z.uuid() }), query: planRentalsQuery }, async ({ db, user, params, query }) =>
    list(await listPlanRentals(db, user, params.id, query)),
  ),
});
