import { requestPasswordReset } from "@/lib/accounts/password-reset";
import { emailOnlyInput } from "@/lib/accounts/schemas";
import { accepted, apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/** 202 without a body, registered email or not; a code arrives by mail if the account exists. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: apiRoute({ access: "public", body: emailOnlyInput }, async ({ db, body, meta, locale }) => {
    await requestPasswordReset(db, body, { meta, locale });
    return accepted();
  }),
});
