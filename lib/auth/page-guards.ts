import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getCurrentUser, type SessionUser } from "./current-user";
import { mustEnrolTotp } from "./totp-policy";

/** Where an admin who must enrol in two-factor login is sent (REQUIRE_ADMIN_TOTP). */
export const TOTP_ENROL_PATH = "/profile?totp=required#two-factor";

/**
 * Guards for pages and layouts. They run on the server for every render (not only in middleware), so a page
 * reached by any path is still protected. APIs use lib/http/guard.ts, which answers 401/403 instead.
 */
export async function requireUserPage(next?: string): Promise<SessionUser> {
  const user = await getCurrentUser(await headers());
  if (!user) redirect(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
  // An admin who must set up two-factor login does that before anything else (the profile is where).
  if (next !== "/profile" && mustEnrolTotp(user)) redirect(TOTP_ENROL_PATH);
  return user;
}

/**
 * Customers who open an admin page are sent to their portal, not shown an error; an admin who must enrol in
 * two-factor login first (REQUIRE_ADMIN_TOTP) is sent to the profile's enrolment.
 */
export async function requireAdminPage(next?: string): Promise<SessionUser> {
  const user = await requireUserPage(next);
  if (user.role !== "admin") redirect("/");
  return user;
}

export async function getPageUser(): Promise<SessionUser | null> {
  return getCurrentUser(await headers());
}
