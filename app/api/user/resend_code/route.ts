import { resendVerificationCode } from "@/lib/accounts/resend-code";
import { emailOnlyInput } from "@/lib/accounts/schemas";
import { ApiResult, apiRoute } from "@/lib/http/api-route";

export const POST = apiRoute({ access: "public", body: emailOnlyInput }, async ({ db, body, meta, locale }) => {
  await resendVerificationCode(db, body, { meta, locale });
  return new ApiResult({ ok: true }, 202);
});
