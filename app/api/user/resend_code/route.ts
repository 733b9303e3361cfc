import { resendVerificationCode } from "@/lib/accounts/resend-code";
import { emailOnlyInput } from "@/lib/accounts/schemas";
import { accepted, apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/** 202 without a body, registered email or not; a new code arrives by mail if the account awaits one. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: apiRoute({ access: "public", body: emailOnlyInput }, async ({ db, body, meta, locale }) => {
    await resendVerificationCode(db, body, { meta, locale });
    return accepted();
  }),
});
