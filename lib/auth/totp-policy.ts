import { env } from "@/lib/env";
import type { SessionUser } from "./types";

/**
 * The operator's rule for admins' two-factor login: REQUIRE_ADMIN_TOTP=true makes it compulsory. It is an
 * environment variable rather than a setting in the database on purpose: whoever steals an admin's session
 * cannot switch it off, and it holds from the first start of a new installation.
 */
export function adminTotpRequired(): boolean {
  return env().REQUIRE_ADMIN_TOTP;
}

/** An admin who must enrol before anything else (pages send them to the profile; admin APIs answer 403). */
export function mustEnrolTotp(user: Pick<SessionUser, "role" | "totpEnabled">): boolean {
  return user.role === "admin" && !user.totpEnabled && adminTotpRequired();
}
