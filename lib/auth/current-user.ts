import type { Locale, UserRole } from "@/db/schema";

/** The signed-in user as every guard, action and route sees it. */
export interface SessionUser {
  id: string;
  email: string;
  role: UserRole;
  locale: Locale;
}

/**
 * Resolves the caller from request headers (the session cookie or an `Authorization: Bearer` API token).
 * Implemented by the accounts domain.
 */
export async function getCurrentUser(_headers: Headers): Promise<SessionUser | null> {
  return null;
}
