import { resetPassword } from "@/lib/accounts/password-reset";
import { resetInput } from "@/lib/accounts/schemas";
import { apiRoute, noContent } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/** Sets a new password with an emailed code (204); every existing session of the account ends. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: apiRoute({ access: "public", body: resetInput }, async ({ db, body, meta, locale }) => {
    await resetPassword(db, body, { meta, locale });
    return noContent();
  }),
});
