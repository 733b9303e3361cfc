import { accountIdParam } from "@/lib/devices/control-servers/accounts";
import { syncOwnAccount } from "@/lib/devices/control-servers/sync";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";
import { cutOffSoon } from "@/app/_lib/relays-soon";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /** Sync now (what the periodic job does): `{ data: { added, removed, rekeyed, error } }`. */
  POST: apiRoute({ access: "user", params: accountIdParam }, async ({ db, user, params, meta }) => {
    const result = await syncOwnAccount(db, user, params.id, meta);
    if (result.removed + result.rekeyed > 0) cutOffSoon(user.id);
    return result;
  }),
});
