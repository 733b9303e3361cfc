import { resolveCaller, type SessionUser } from "@/lib/auth/current-user";
import { mustEnrolTotp } from "@/lib/auth/totp-policy";
import { AppError, forbidden, unauthorized } from "@/lib/errors";

export type Access = "public" | "user" | "admin";

export interface AuthorizeOptions {
  /** The request changes state (any method but GET, HEAD and OPTIONS; every server action). */
  write?: boolean;
}

/**
 * The role check shared by route handlers, server actions and layouts. A disabled account's own cookie or
 * token gets 403 "account_disabled" (logging in again would not help); on public routes it is anonymous.
 * A read-only API token is refused on anything that writes (403 "token_read_only"), whatever the route's
 * access. When the operator requires two-factor login for admins (REQUIRE_ADMIN_TOTP), an admin without it
 * gets 403 "totp_enrolment_required" on admin routes until they have enrolled (the enrolment routes are
 * "user" routes).
 */
export async function authorize(access: Access, headers: Headers, opts: AuthorizeOptions = {}): Promise<SessionUser | null> {
  const caller = await resolveCaller(headers);
  if (opts.write && caller && caller !== "disabled" && caller.tokenScope === "read") throw forbidden("token_read_only");
  if (access === "public") return caller === "disabled" ? null : caller;
  if (caller === "disabled") throw new AppError(403, "account_disabled");
  if (!caller) throw unauthorized();
  if (access === "admin" && caller.role !== "admin") throw forbidden();
  if (access === "admin" && mustEnrolTotp(caller)) throw forbidden("totp_enrolment_required");
  return caller;
}
