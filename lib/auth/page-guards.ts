import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getCurrentUser, type SessionUser } from "./current-user";

/**
 * Guards for pages and layouts. They run on the server for every render (not only in middleware), so a page
 * reached by any path is still protected. APIs use lib/http/guard.ts, which answers 401/403 instead.
 */
export async function requireUserPage(next?: string): Promise<SessionUser> {
  const user = await getCurrentUser(await headers());
  if (!user) redirect(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
  return user;
}

/** Customers who open an admin page are sent to their portal, not shown an error. */
export async function requireAdminPage(next?: string): Promise<SessionUser> {
  const user = await requireUserPage(next);
  if (user.role !== "admin") redirect("/");
  return user;
}

export async function getPageUser(): Promise<SessionUser | null> {
  return getCurrentUser(await headers());
}
