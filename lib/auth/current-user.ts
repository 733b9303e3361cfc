import { eq } from "drizzle-orm";
import { cache } from "react";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { resolveApiToken } from "@/lib/accounts/api-tokens";
import { isUuid } from "@/lib/validation";
import type { SessionUser } from "./types";
import { readSessionToken, sessionTokenFromCookieHeader } from "./session";

// Kept importable from here, where it always lived.
export type { SessionUser };

/**
 * Resolves the caller from request headers: `Authorization: Bearer <API token or session token>`, else the
 * next-auth session cookie. The user is read from the database on every request and refused unless active
 * and, for sessions, unless the token's session version is the user's current one.
 */
export async function getCurrentUser(headers: Headers): Promise<SessionUser | null> {
  const authorization = headers.get("authorization");
  if (authorization) {
    const [scheme, credential] = authorization.trim().split(/\s+/, 2);
    if (scheme?.toLowerCase() !== "bearer" || !credential) return null;
    return resolveBearer(credential);
  }
  const token = sessionTokenFromCookieHeader(headers.get("cookie"));
  return token ? resolveSession(token) : null;
}

// Within one render (layout, page and header all ask), the answer is computed once.
const resolveSession = cache(async (token: string): Promise<SessionUser | null> => {
  const claims = await readSessionToken(token);
  if (!claims) return null;
  return loadActiveUser(claims.userId, claims.sessionVersion);
});

const resolveBearer = cache(async (credential: string): Promise<SessionUser | null> => {
  if (credential.startsWith("dmt_")) {
    const userId = await resolveApiToken(await getDb(), credential);
    return userId ? loadActiveUser(userId, null) : null;
  }
  return resolveSession(credential);
});

/** The user behind a session or token: null unless active and, for sessions, on the current session version. */
export async function loadActiveUser(id: string, sessionVersion: number | null): Promise<SessionUser | null> {
  if (!isUuid(id)) return null;
  const db = await getDb();
  const [user] = await db
    .select({
      id: users.id,
      email: users.email,
      role: users.role,
      locale: users.locale,
      status: users.status,
      sessionVersion: users.sessionVersion,
    })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  if (!user || user.status !== "active") return null;
  if (sessionVersion !== null && user.sessionVersion !== sessionVersion) return null;
  return { id: user.id, email: user.email, role: user.role, locale: user.locale };
}
