"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { action } from "@/lib/actions/action";
import { createRegion, deleteRegion, updateRegion } from "@/lib/regions/manage-regions";
import { regionFormFields, regionFormInput, regionFormToInput } from "@/lib/regions/schemas";

// The same lib functions as POST /api/admin/regions and PATCH|DELETE /api/admin/regions/<id>.

function revalidate(id?: string) {
  revalidatePath("/admin/regions");
  if (id) revalidatePath(`/admin/regions/${id}`);
  // The redemption form lists the active regions.
  revalidatePath("/activate");
}

export const createRegionAction = action({ access: "admin", schema: regionFormInput }, async (input, ctx) => {
  const region = await createRegion(ctx.db, ctx.user, input, ctx.meta);
  revalidate();
  return { id: region.id };
});

const updateSchema = regionFormFields.extend({ id: z.uuid() }).transform(({ id, ...fields }) => ({ id, region: regionFormToInput(fields) }));

export const updateRegionAction = action({ access: "admin", schema: updateSchema }, async (input, ctx) => {
  await updateRegion(ctx.db, ctx.user, input.id, input.region, ctx.meta);
  revalidate(input.id);
  return { id: input.id };
});

const activeSchema = z.object({ id: z.uuid(), active: z.enum(["true", "false"]).transform((v) => v === "true") });

export const setRegionActiveAction = action({ access: "admin", schema: activeSchema }, async (input, ctx) => {
  const region = await updateRegion(ctx.db, ctx.user, input.id, { active: input.active }, ctx.meta);
  revalidate(input.id);
  return { id: region.id, active: region.active };
});

const deleteSchema = z.object({ id: z.uuid(), thenList: z.literal("1").optional() });

/** From the region's own page (`thenList`), a deleted region sends the admin back to the list. */
export const deleteRegionAction = action({ access: "admin", schema: deleteSchema }, async (input, ctx) => {
  await deleteRegion(ctx.db, ctx.user, input.id, ctx.meta);
  revalidate();
  if (input.thenList) redirect("/admin/regions");
  return { id: input.id };
});
