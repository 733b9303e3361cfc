"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { action } from "@/lib/actions/action";
import { createServer } from "@/lib/fleet/servers/create-server";
import { deleteServer } from "@/lib/fleet/servers/delete-server";
import { dockerFormTestInput, serverFormCreateInput, serverFormUpdateInput } from "@/lib/fleet/servers/schemas";
import { testConnectionSettings, testServerConnection } from "@/lib/fleet/servers/test-connection";
import { updateServer } from "@/lib/fleet/servers/update-server";

// The same lib functions as POST /api/add_server, PATCH|DELETE /api/server/<id> and
// POST /api/server/<id>/test_connection.

function revalidate(id?: string) {
  revalidatePath("/admin/servers");
  if (id) revalidatePath(`/admin/servers/${id}`);
}

export const createServerAction = action({ access: "admin", schema: serverFormCreateInput }, async (input, ctx) => {
  const server = await createServer(ctx.db, ctx.user, input, ctx.meta);
  revalidate();
  redirect(`/admin/servers/${server.id}`);
});

export const updateServerAction = action({ access: "admin", schema: serverFormUpdateInput }, async ({ id, ...patch }, ctx) => {
  await updateServer(ctx.db, ctx.user, id, patch, ctx.meta);
  revalidate(id);
  redirect(`/admin/servers/${id}`);
});

const flag = z.enum(["true", "false"]).transform((v) => v === "true");
const flagsSchema = z.object({ id: z.uuid(), enabled: flag.optional(), draining: flag.optional() });

/** Enable or disable, drain or undrain. */
export const setServerFlagsAction = action({ access: "admin", schema: flagsSchema }, async ({ id, ...flags }, ctx) => {
  const server = await updateServer(ctx.db, ctx.user, id, flags, ctx.meta);
  revalidate(id);
  return { enabled: server.enabled, draining: server.draining };
});

export const deleteServerAction = action({ access: "admin", schema: z.object({ id: z.uuid() }) }, async ({ id }, ctx) => {
  await deleteServer(ctx.db, ctx.user, id, ctx.meta);
  revalidate();
  redirect("/admin/servers");
});

/** A saved server: the result is recorded on it (status, host info). */
export const testServerConnectionAction = action({ access: "admin", schema: z.object({ id: z.uuid() }) }, async ({ id }, ctx) => {
  const result = await testServerConnection(ctx.db, ctx.user, id);
  revalidate(id);
  return result;
});

/** The form's settings before they are saved. */
export const testConnectionSettingsAction = action({ access: "admin", schema: dockerFormTestInput }, async ({ docker, serverId }, ctx) =>
  testConnectionSettings(ctx.db, ctx.user, docker, serverId),
);
