import { createServer } from "@/lib/fleet/servers/create-server";
import { serverInput } from "@/lib/fleet/servers/schemas";
import { apiRoute, created } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /** Adds a Docker host (201 `{ data }`); its secrets are sealed and never answered. An unreachable host is saved. */
  POST: apiRoute({ access: "admin", body: serverInput }, async ({ db, user, body, meta }) => created(await createServer(db, user, body, meta))),
});
