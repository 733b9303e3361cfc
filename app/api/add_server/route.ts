import { createServer } from "@/lib/fleet/servers/create-server";
import { serverInput } from "@/lib/fleet/servers/schemas";
import { ApiResult, apiRoute } from "@/lib/http/api-route";

/** Adds a Docker host (201 `{ data }`); its secrets are sealed and never answered. An unreachable host is saved. */
export const POST = apiRoute({ access: "admin", body: serverInput }, async ({ db, user, body, meta }) =>
  new ApiResult({ data: await createServer(db, user, body, meta) }, 201),
);
