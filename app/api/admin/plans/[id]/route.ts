import { z } from "zod";
import { deleteOrArchivePlan, getPlan, updatePlan } from "@/lib/billing/plans";
import { planInput } from "@/lib/billing/schemas";
import { apiRoute } from "@/lib/http/api-route";

const params = z.object({ id: z.uuid() });

export const GET = apiRoute({ access: "admin", params }, async ({ db, user, params }) => ({
  plan: await getPlan(db, user, params.id),
}));

export const PUT = apiRoute({ access: "admin", params, body: planInput }, async ({ db, user, params, body, meta }) => ({
  plan: await updatePlan(db, user, params.id, body, meta),
}));

/** Deletes an unsold plan; a sold one is archived instead ({ result: "deleted" | "archived" }). */
export const DELETE = apiRoute({ access: "admin", params }, async ({ db, user, params, meta }) =>
  deleteOrArchivePlan(db, user, params.id, meta),
);
