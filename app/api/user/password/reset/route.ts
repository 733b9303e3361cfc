import { resetPassword } from "@/lib/accounts/password-reset";
import { resetInput } from "@/lib/accounts/schemas";
import { apiRoute } from "@/lib/http/api-route";

/** Sets a new password with an emailed code; every existing session of the account ends. */
export const POST = apiRoute({ access: "public", body: resetInput }, async ({ db, body, meta, locale }) => {
  await resetPassword(db, body, { meta, locale });
  return { ok: true };
});
