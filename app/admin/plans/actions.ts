"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/actions/action";
import { createPlan, deleteOrArchivePlan, updatePlan } from "@/lib/billing/plans";
import { planFormFields, planFormInput, planFormToInput } from "@/lib/billing/schemas";

export const createPlanAction = action({ access: "admin", schema: planFormInput }, async (input, ctx) => {
  const plan = await createPlan(ctx.db, ctx.user, input, ctx.meta);
  revalidatePath("/admin/plans");
  return { id: plan.id };
});

const updateSchema = planFormFields
  .extend({ id: z.uuid() })
  .transform(({ id, ...fields }, ctx) => ({ id, plan: planFormToInput(fields, ctx) }));

export const updatePlanAction = action({ access: "admin", schema: updateSchema }, async (input, ctx) => {
  await updatePlan(ctx.db, ctx.user, input.id, input.plan, ctx.meta);
  revalidatePath("/admin/plans");
  revalidatePath(`/admin/plans/${input.id}`);
  return { id: input.id };
});

export const deletePlanAction = action({ access: "admin", schema: z.object({ id: z.uuid() }) }, async (input, ctx) => {
  const result = await deleteOrArchivePlan(ctx.db, ctx.user, input.id, ctx.meta);
  revalidatePath("/admin/plans");
  revalidatePath(`/admin/plans/${input.id}`);
  return result;
});
