import { listServers, serverCursorKey } from "@/lib/fleet/servers/list-servers";
import { serverListFilter } from "@/lib/fleet/servers/schemas";
import { apiRoute, list } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";
import { pageQuery } from "@/lib/http/paging";

const query = serverListFilter.extend(pageQuery(serverCursorKey).shape);

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /** Servers by name, `?region=<code>&status=&enabled=true|false`, paged with `?cursor&limit`. */
  GET: apiRoute({ access: "admin", query }, async ({ db, user, query }) => list(await listServers(db, user, query))),
});
