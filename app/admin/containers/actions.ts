"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/actions/action";
import { moveAsAdmin, reconcileAsAdmin, releaseAsAdmin, restartForCaller, startAsAdmin, stopAsAdmin } from "@/lib/containers/container-actions";
import { moveInput, reconcileInput } from "@/lib/containers/schemas";

// The containers page's row actions: the same lib functions as POST /api/container/<id>/stop|start|restart|move,
// DELETE /api/container/release/<id> and POST /api/container/reconcile.

const relayId = z.object({ id: z.uuid() });
const done = (state: string) => {
  revalidatePath("/admin/containers");
  return { state };
};

export const stopContainerAction = action({ access: "admin", schema: relayId }, async ({ id }, ctx) =>
  done((await stopAsAdmin(ctx.db, ctx.user, id, ctx.meta)).state),
);

export const startContainerAction = action({ access: "admin", schema: relayId }, async ({ id }, ctx) =>
  done((await startAsAdmin(ctx.db, ctx.user, id, ctx.meta)).state),
);

export const restartContainerAction = action({ access: "admin", schema: relayId }, async ({ id }, ctx) =>
  done((await restartForCaller(ctx.db, ctx.user, id, ctx.meta)).state),
);

export const releaseContainerAction = action({ access: "admin", schema: relayId }, async ({ id }, ctx) =>
  done((await releaseAsAdmin(ctx.db, ctx.user, id, ctx.meta)).state),
);

export const moveContainerAction = action({ access: "admin", schema: relayId.extend(moveInput.shape) }, async ({ id, targetServerId }, ctx) => {
  const moved = await moveAsAdmin(ctx.db, ctx.user, id, { targetServerId }, ctx.meta);
  revalidatePath("/admin/containers");
  return { state: moved.state, server: moved.server.name };
});

/** `scope=all`: every server (the only scope there is); an empty form is invalid and runs nothing. */
export const reconcileAction = action({ access: "admin", schema: reconcileInput }, async (input, ctx) => {
  const report = await reconcileAsAdmin(ctx.db, ctx.user, input, ctx.meta);
  revalidatePath("/admin/containers");
  // Dates cross to the client as text.
  return { ...report, startedAt: report.startedAt.toISOString() };
});
