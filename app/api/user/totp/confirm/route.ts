import { totpConfirmInput } from "@/lib/accounts/schemas";
import { confirmTotpEnrolment } from "@/lib/accounts/two-factor";
import { ApiResult, apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

const noStore = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };

/** `{ totp }` from the app: two-factor login is on; 200 `{ data: { recoveryCodes } }`, shown this once. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: apiRoute({ access: "user", body: totpConfirmInput }, async ({ db, user, body, meta }) => {
    return new ApiResult({ data: await confirmTotpEnrolment(db, user, body.totp, meta) }, 200, noStore);
  }),
});
