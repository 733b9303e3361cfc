import type { NextResponse } from "next/server";
import { clearedSessionCookies, createSessionToken, sessionCookie } from "./session";
import type { SessionClaims } from "./types";

/** Puts the cookie of a session (just started by a login or a password change) on a route handler's response. */
export async function attachSession(res: NextResponse, session: SessionClaims): Promise<NextResponse> {
  const c = sessionCookie(await createSessionToken(session));
  res.cookies.set(c.name, c.value, c.options);
  return res;
}

export function detachSession(res: NextResponse): NextResponse {
  for (const c of clearedSessionCookies()) res.cookies.set(c.name, c.value, c.options);
  return res;
}
