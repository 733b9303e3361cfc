import type { ApiTokenScope, Locale, UserRole } from "@/db/schema";

/**
 * Who is calling and from where: the types that guards, domain functions and the audit log share. They live
 * here, apart from the modules that produce them, so those modules never need to import each other.
 */

/** The signed-in user as every guard, action and route sees it. */
export interface SessionUser {
  id: string;
  email: string;
  role: UserRole;
  locale: Locale;
  /** The zone the user chose on the profile; null or absent: the browser's. */
  timeZone?: string | null;
  /** The session the request came with (a browser session); absent for API tokens and for callers built in code. */
  sessionId?: string;
  /** The scope of the API token the request came with; absent for sessions (which may do everything). */
  tokenScope?: ApiTokenScope;
  /** Whether the account has TOTP two-factor login on (read with the user on every request). */
  totpEnabled?: boolean;
}

/** What a session cookie's token carries: whose session, at which session version, and which session row. */
export interface SessionClaims {
  userId: string;
  sessionVersion: number;
  sessionId: string;
}

/** Where a request came from, for the audit log and the session list. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}
