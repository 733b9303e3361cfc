import { totpDisableInput } from "@/lib/accounts/schemas";
import { disableTotp } from "@/lib/accounts/two-factor";
import { apiRoute, noContent } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/** `{ totp }` (or `{ recoveryCode }`): two-factor login is off (204). Refused while the operator requires it. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: apiRoute({ access: "user", body: totpDisableInput }, async ({ db, user, body, meta }) => {
    await disableTotp(db, user, body, meta);
    return noContent();
  }),
});
