import { accountIdParam, disconnectAccount, setAccountSync, setSyncInput } from "@/lib/devices/control-servers/accounts";
import { apiRoute, noContent } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/** One of the caller's control-server accounts; another customer's id is 404, like one that does not exist. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /** `{ syncEnabled }` → `{ data: account }`. */
  PATCH: apiRoute({ access: "user", params: accountIdParam, body: setSyncInput }, async ({ db, user, params, body, meta }) =>
    setAccountSync(db, user, params.id, body.syncEnabled, meta),
  ),

  /** 204; the credential is forgotten, devices imported from it stay. */
  DELETE: apiRoute({ access: "user", params: accountIdParam }, async ({ db, user, params, meta }) => {
    await disconnectAccount(db, user, params.id, meta);
    return noContent();
  }),
});
