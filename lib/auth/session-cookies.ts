import { cookies } from "next/headers";
import { LOCALE_COOKIE } from "@/lib/i18n/config";
import { clearedSessionCookies, createSessionToken, sessionCookie } from "./session";
import type { SessionClaims } from "./types";

/** Server actions: set or clear next-auth's session cookie on the response. */
export async function setSessionCookie(session: SessionClaims): Promise<void> {
  const c = sessionCookie(await createSessionToken(session));
  (await cookies()).set(c.name, c.value, c.options);
}

export async function clearSessionCookies(): Promise<void> {
  const jar = await cookies();
  for (const c of clearedSessionCookies()) jar.set(c.name, c.value, c.options);
}

/** The language cookie the switcher writes; set at login so the stored preference applies. */
export async function setLocaleCookie(locale: string): Promise<void> {
  (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", maxAge: 60 * 60 * 24 * 365, sameSite: "lax", httpOnly: false });
}

/**
 * Only same-site paths are followed after login ("/x", never "//host" or "https://…"). Control characters are
 * refused too: browsers drop tabs and newlines from URLs, so "/\t/host" would become "//host".
 */
export function safeNextPath(next: string | undefined | null): string | null {
  if (!next || /[\u0000-\u001f\u007f]/.test(next)) return null;
  if (!next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return null;
  return next;
}
