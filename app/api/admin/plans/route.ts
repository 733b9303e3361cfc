import { z } from "zod";
import { createPlan, listPlans } from "@/lib/billing/plans";
import { planInput } from "@/lib/billing/schemas";
import { ApiResult, apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute(
  { access: "admin", query: z.object({ archived: z.enum(["true", "false"]).optional() }) },
  async ({ db, user, query }) => ({ plans: await listPlans(db, user, { includeArchived: query.archived === "true" }) }),
);

export const POST = apiRoute({ access: "admin", body: planInput }, async ({ db, user, body, meta }) =>
  new ApiResult({ plan: await createPlan(db, user, body, meta) }, 201),
);
