import { signUpInput } from "@/lib/accounts/schemas";
import { signUp } from "@/lib/accounts/sign-up";
import { accepted, apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/** Sign-up. 202 without a body for every valid request, registered email or not; the code arrives by mail. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: apiRoute({ access: "public", body: signUpInput }, async ({ db, body, meta, locale }) => {
    await signUp(db, body, { meta, locale });
    return accepted();
  }),
});
