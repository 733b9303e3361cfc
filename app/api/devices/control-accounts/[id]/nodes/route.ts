import { accountIdParam } from "@/lib/devices/control-servers/accounts";
import { listAccountNodes } from "@/lib/devices/control-servers/import-nodes";
import { apiRoute, list } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /** The account's nodes read from its server now: `{ externalId, name, nodeKey, registered }`. */
  GET: apiRoute({ access: "user", params: accountIdParam }, async ({ db, user, params }) =>
    list({ items: await listAccountNodes(db, user, params.id), nextCursor: null }),
  ),
});
