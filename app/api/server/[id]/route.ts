import { z } from "zod";
import { deleteServer } from "@/lib/fleet/servers/delete-server";
import { getServer } from "@/lib/fleet/servers/get-server";
import { serverPatch } from "@/lib/fleet/servers/schemas";
import { updateServer } from "@/lib/fleet/servers/update-server";
import { apiRoute } from "@/lib/http/api-route";

// Any text: an id that is not a server's (a uuid or not) is a 404 server_unknown.
const params = z.object({ id: z.string() });

export const GET = apiRoute({ access: "admin", params }, async ({ db, user, params }) => ({ data: await getServer(db, user, params.id) }));

/** Changes the fields given; `{ "enabled": false }` disables, `{ "draining": true }` drains. Omitted secrets are kept. */
export const PATCH = apiRoute({ access: "admin", params, body: serverPatch }, async ({ db, user, params, body, meta }) => ({
  data: await updateServer(db, user, params.id, body, meta),
}));

/** 204; a server with customer relays is refused with 409 server_has_relays (drain it first). */
export const DELETE = apiRoute({ access: "admin", params }, async ({ db, user, params, meta }) => {
  await deleteServer(db, user, params.id, meta);
  return new Response(null, { status: 204 });
});
