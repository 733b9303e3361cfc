import { z } from "zod";
import { deleteOrArchivePlan, getPlan, updatePlan } from "@/lib/billing/plans";
import { planInput } from "@/lib/billing/schemas";
import { apiRoute, noContent } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

const params = z.object({ id: z.uuid() });

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: apiRoute({ access: "admin", params }, async ({ db, user, params }) => getPlan(db, user, params.id)),

  PUT: apiRoute({ access: "admin", params, body: planInput }, async ({ db, user, params, body, meta }) =>
    updatePlan(db, user, params.id, body, meta),
  ),

  /** Deletes an unsold plan (204); a sold one is archived instead and answered as it now is (200). */
  DELETE: apiRoute({ access: "admin", params }, async ({ db, user, params, meta }) => {
    const { result } = await deleteOrArchivePlan(db, user, params.id, meta);
    return result === "deleted" ? noContent() : getPlan(db, user, params.id);
  }),
});
