"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/actions/action";
import { restartForCaller } from "@/lib/containers/container-actions";

/** The customer's restart button on their relay card; the same lib function as POST /api/container/<id>/restart. */
export const restartRelayAction = action({ access: "user", schema: z.object({ id: z.uuid() }) }, async ({ id }, ctx) => {
  const relay = await restartForCaller(ctx.db, ctx.user, id, ctx.meta);
  revalidatePath("/");
  return { state: relay.state };
});
