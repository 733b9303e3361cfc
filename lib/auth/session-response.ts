import type { NextResponse } from "next/server";
import { clearedSessionCookies, createSessionToken, sessionCookie } from "./session";

/** Puts a fresh session cookie for `user` on a route handler's response. */
export async function attachSession(res: NextResponse, user: { id: string; sessionVersion: number }): Promise<NextResponse> {
  const c = sessionCookie(await createSessionToken(user));
  res.cookies.set(c.name, c.value, c.options);
  return res;
}

export function detachSession(res: NextResponse): NextResponse {
  for (const c of clearedSessionCookies()) res.cookies.set(c.name, c.value, c.options);
  return res;
}
