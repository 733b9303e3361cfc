import { signUpInput } from "@/lib/accounts/schemas";
import { signUp } from "@/lib/accounts/sign-up";
import { ApiResult, apiRoute } from "@/lib/http/api-route";

/** Sign-up. 202 for every valid request, registered email or not; the code arrives by mail. */
export const POST = apiRoute({ access: "public", body: signUpInput }, async ({ db, body, meta, locale }) => {
  await signUp(db, body, { meta, locale });
  return new ApiResult({ ok: true }, 202);
});
