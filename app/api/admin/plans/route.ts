import { z } from "zod";
import { createPlan, listPlans } from "@/lib/billing/plans";
import { planInput } from "@/lib/billing/schemas";
import { apiRoute, created, list } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";
import { page } from "@/lib/http/paging";

/** Plans are few (an operator's price list): one page. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: apiRoute(
    { access: "admin", query: z.object({ archived: z.boolean().default(false) }) },
    async ({ db, user, query }) => list(page(await listPlans(db, user, { includeArchived: query.archived }))),
  ),

  POST: apiRoute({ access: "admin", body: planInput }, async ({ db, user, body, meta }) =>
    created(await createPlan(db, user, body, meta)),
  ),
});
