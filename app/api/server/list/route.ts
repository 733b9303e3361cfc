import { listServers, serverListQuery } from "@/lib/fleet/servers/list-servers";
import { apiRoute, list } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /** Servers, newest first, `?region=<code>&status=&enabled=true|false`, paged with `?cursor&limit`. */
  GET: apiRoute({ access: "admin", query: serverListQuery }, async ({ db, user, query }) => list(await listServers(db, user, query))),
});
