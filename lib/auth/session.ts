import { decode, encode } from "next-auth/jwt";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { nextAuthSecret } from "./keys";
import type { SessionClaims } from "./types";

export type { SessionClaims };

/**
 * The session cookie is next-auth's own (same names, same encrypted JWT), so the JSON login route, the login
 * form and next-auth's credentials endpoint all produce a cookie that every guard reads the same way.
 * The token carries the user id, the user's session version and the id of its row in `sessions`; every
 * request checks both against the database, so ending one session (log-out, the profile's session list) or all
 * of them (log out everywhere, password change or reset, disabling) takes effect at once, copied cookies included.
 */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
export const SESSION_COOKIE = "next-auth.session-token";
export const SECURE_SESSION_COOKIE = "__Secure-next-auth.session-token";
export const SESSION_COOKIE_NAMES = [SECURE_SESSION_COOKIE, SESSION_COOKIE] as const;

export function secureCookies(): boolean {
  return env().APP_URL.startsWith("https://");
}

export function sessionCookieName(): string {
  return secureCookies() ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

export async function createSessionToken(claims: SessionClaims): Promise<string> {
  return encode({
    token: { sub: claims.userId, sv: claims.sessionVersion, sid: claims.sessionId },
    secret: nextAuthSecret(),
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
}

/** The claims of a valid, unexpired token; null for anything else (tampered, expired, other secret). */
export async function readSessionToken(token: string): Promise<SessionClaims | null> {
  try {
    const payload = await decode({ token, secret: nextAuthSecret() });
    // A token without a session id (issued before sessions had rows) names no live session.
    if (!payload || typeof payload.sub !== "string" || typeof payload.sv !== "number" || typeof payload.sid !== "string") {
      return null;
    }
    return { userId: payload.sub, sessionVersion: payload.sv, sessionId: payload.sid };
  } catch (e) {
    // A cookie we cannot decrypt is an anonymous request, not an error; keep a trace for debugging.
    logger.debug({ err: (e as Error).name }, "session token rejected");
    return null;
  }
}

export interface CookieSpec {
  name: string;
  value: string;
  options: { httpOnly: true; sameSite: "lax"; secure: boolean; path: "/"; maxAge: number };
}

export function sessionCookie(token: string): CookieSpec {
  return {
    name: sessionCookieName(),
    value: token,
    options: { httpOnly: true, sameSite: "lax", secure: secureCookies(), path: "/", maxAge: SESSION_MAX_AGE_SECONDS },
  };
}

/** Cookies that remove both possible session cookies. */
export function clearedSessionCookies(): CookieSpec[] {
  return SESSION_COOKIE_NAMES.map((name) => ({
    name,
    value: "",
    options: { httpOnly: true, sameSite: "lax", secure: name === SECURE_SESSION_COOKIE || secureCookies(), path: "/", maxAge: 0 },
  }));
}

/** The session token from a Cookie header, whichever of the two names carries it. */
export function sessionTokenFromCookieHeader(cookieHeader: string | null): string | null {
  if (!cookieHeader) return null;
  const jar = new Map<string, string>();
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!jar.has(name)) jar.set(name, part.slice(eq + 1).trim());
  }
  for (const name of SESSION_COOKIE_NAMES) {
    const value = jar.get(name);
    if (value) return value;
  }
  return null;
}
