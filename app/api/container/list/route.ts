import { listRelays, relayListQuery } from "@/lib/containers/list-relays";
import { apiRoute, list } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /**
   * Relays, newest first, `?server=<id|name>&region=<code>&state=&user=<email|id>`, paged with `?cursor&limit`.
   * An admin sees all; a customer only their own. Released relays only with `state=released`.
   */
  GET: apiRoute({ access: "user", query: relayListQuery }, async ({ db, user, query }) => list(await listRelays(db, user, query))),
});
