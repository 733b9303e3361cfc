import { startTotpEnrolment } from "@/lib/accounts/two-factor";
import { apiRoute, created } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

const noStore = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };

/**
 * 201 `{ data: { secret, uri } }`: a new secret for the authenticator app (base32 and otpauth:// URI), in this
 * answer only. Login is unchanged until POST /api/user/totp/confirm accepts a code made with it.
 */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: apiRoute({ access: "user" }, async ({ db, user }) => created(await startTotpEnrolment(db, user), noStore)),
});
