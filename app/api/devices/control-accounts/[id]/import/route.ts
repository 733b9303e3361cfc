import { accountIdParam } from "@/lib/devices/control-servers/accounts";
import { importNodes, importNodesInput } from "@/lib/devices/control-servers/import-nodes";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /** `{ nodeIds }` → `{ data: { imported, skipped } }`; 409 no_rental / device_limit_reached imports none. */
  POST: apiRoute({ access: "user", params: accountIdParam, body: importNodesInput }, async ({ db, user, params, body, meta }) =>
    importNodes(db, user, params.id, body, meta),
  ),
});
