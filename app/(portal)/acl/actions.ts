"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/actions/action";
import { dateInput } from "@/lib/date-input";
import { setOmitDefaultRegions, updateDerpMap } from "@/lib/derp-map/customer-map";
import { createDerpMapLink, revokeDerpMapLink, setDerpMapLinkExpiry } from "@/lib/derp-map/links";

/** The /acl page's forms; each acts on the caller's own map (the lib functions check that too). */

export const regenerateMapAction = action({ access: "user", schema: z.object({}) }, async (_input, ctx) => {
  const view = await updateDerpMap(ctx.db, ctx.user, ctx.user.id, ctx.meta);
  revalidatePath("/acl");
  return { version: view.version };
});

export const setOmitAction = action({ access: "user", schema: z.object({ omit: z.boolean() }) }, async (input, ctx) => {
  const view = await setOmitDefaultRegions(ctx.db, ctx.user, ctx.user.id, input.omit);
  revalidatePath("/acl");
  return { version: view.version };
});

/** A new link (rotating the current one); its URL is returned this once for the page to show. */
export const createLinkAction = action({ access: "user", schema: z.object({ expiresAt: dateInput().optional() }) }, async (input, ctx) => {
  const { url } = await createDerpMapLink(ctx.db, ctx.user, ctx.user.id, { expiresAt: input.expiresAt ?? null }, ctx.meta);
  revalidatePath("/acl");
  return { url };
});

export const revokeLinkAction = action({ access: "user", schema: z.object({}) }, async (_input, ctx) => {
  await revokeDerpMapLink(ctx.db, ctx.user, ctx.user.id, ctx.meta);
  revalidatePath("/acl");
  return { revoked: true };
});

export const setLinkExpiryAction = action({ access: "user", schema: z.object({ expiresAt: dateInput().optional() }) }, async (input, ctx) => {
  await setDerpMapLinkExpiry(ctx.db, ctx.user, ctx.user.id, input.expiresAt ?? null, ctx.meta);
  revalidatePath("/acl");
  return { changed: true };
});
