import { verifyInput } from "@/lib/accounts/schemas";
import { verifyEmail } from "@/lib/accounts/verify-email";
import { apiRoute, noContent } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/** Confirms the email address with the mailed code (204); the account can log in afterwards. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: apiRoute({ access: "public", body: verifyInput }, async ({ db, body, meta, locale }) => {
    await verifyEmail(db, body, { meta, locale });
    return noContent();
  }),
});
