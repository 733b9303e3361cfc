import { z } from "zod";
import { deleteServer } from "@/lib/fleet/servers/delete-server";
import { getServer } from "@/lib/fleet/servers/get-server";
import { serverPatch } from "@/lib/fleet/servers/schemas";
import { updateServer } from "@/lib/fleet/servers/update-server";
import { apiRoute, noContent } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

// Any text: an id that is not a server's (a uuid or not) is a 404 server_unknown.
const params = z.object({ id: z.string() });

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: apiRoute({ access: "admin", params }, async ({ db, user, params }) => getServer(db, user, params.id)),
  /** Changes the fields given; `{ "enabled": false }` disables, `{ "draining": true }` drains. Omitted secrets are kept. */
  PATCH: apiRoute({ access: "admin", params, body: serverPatch }, async ({ db, user, params, body, meta }) =>
    updateServer(db, user, params.id, body, meta),
  ),
  /** 204; a server with customer relays is refused with 409 server_has_relays (drain it first). */
  DELETE: apiRoute({ access: "admin", params }, async ({ db, user, params, meta }) => {
    await deleteServer(db, user, params.id, meta);
    return noContent();
  }),
});
