import { accountIdParam } from "@/lib/devices/control-servers/accounts";
import { syncOwnAccount } from "@/lib/devices/control-servers/sync";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /** Sync now (what the periodic job does): `{ data: { added, removed, rekeyed, error } }`. */
  POST: apiRoute({ access: "user", params: accountIdParam }, async ({ db, user, params, meta }) => syncOwnAccount(db, user, params.id, meta)),
});
