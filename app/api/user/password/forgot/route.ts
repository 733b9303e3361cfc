import { requestPasswordReset } from "@/lib/accounts/password-reset";
import { emailOnlyInput } from "@/lib/accounts/schemas";
import { ApiResult, apiRoute } from "@/lib/http/api-route";

export const POST = apiRoute({ access: "public", body: emailOnlyInput }, async ({ db, body, meta, locale }) => {
  await requestPasswordReset(db, body, { meta, locale });
  return new ApiResult({ ok: true }, 202);
});
