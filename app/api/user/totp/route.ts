import { getTwoFactorStatus } from "@/lib/accounts/two-factor";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/** The caller's two-factor login: on or off, an enrolment in progress, recovery codes left, required or not. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  GET: apiRoute({ access: "user" }, async ({ db, user }) => getTwoFactorStatus(db, user)),
});
