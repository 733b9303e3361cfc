import { and, eq } from "drizzle-orm";
import { cache } from "react";
import { getDb } from "@/db/client";
import { sessions, users } from "@/db/schema";
import { resolveApiToken } from "@/lib/accounts/api-tokens";
import { isLiveSession, touchSession } from "@/lib/accounts/sessions";
import { isUuid } from "@/lib/validation";
import { readSessionToken, sessionTokenFromCookieHeader } from "./session";
import type { SessionClaims, SessionUser } from "./types";

// Kept importable from here, where it always lived.
export type { SessionUser };

/**
 * Who a request's credential belongs to: the user; "disabled" when it is a genuine credential of a disabled
 * account (the caller is told so, with 403, rather than asked to log in); null for anything else.
 */
export type Caller = SessionUser | "disabled" | null;

/**
 * Resolves the caller from request headers: `Authorization: Bearer <API token or session token>`, else the
 * next-auth session cookie. The user is read from the database on every request and refused unless active;
 * a session must also be on the user's current session version and its row in `sessions` must be live.
 */
export async function resolveCaller(headers: Headers): Promise<Caller> {
  const authorization = headers.get("authorization");
  if (authorization) {
    const [scheme, credential] = authorization.trim().split(/\s+/, 2);
    if (scheme?.toLowerCase() !== "bearer" || !credential) return null;
    return resolveBearer(credential);
  }
  const token = sessionTokenFromCookieHeader(headers.get("cookie"));
  return token ? resolveSession(token) : null;
}

/** The signed-in user, or null (anonymous, ended session, disabled account alike). */
export async function getCurrentUser(headers: Headers): Promise<SessionUser | null> {
  const caller = await resolveCaller(headers);
  return caller === "disabled" ? null : caller;
}

// Within one render (layout, page and header all ask), the answer is computed once.
const resolveSession = cache(async (token: string): Promise<Caller> => {
  const claims = await readSessionToken(token);
  return claims ? loadCaller(claims.userId, claims) : null;
});

const resolveBearer = cache(async (credential: string): Promise<Caller> => {
  if (credential.startsWith("dmt_")) {
    const token = await resolveApiToken(await getDb(), credential);
    if (!token) return null;
    const caller = await loadCaller(token.userId, null);
    return caller && caller !== "disabled" ? { ...caller, tokenScope: token.scope } : caller;
  }
  return resolveSession(credential);
});

/** The user behind a session (next-auth's own session endpoint asks too): null unless it is live. */
export async function loadActiveUser(claims: SessionClaims): Promise<SessionUser | null> {
  const caller = await loadCaller(claims.userId, claims);
  return caller === "disabled" ? null : caller;
}

/**
 * One indexed read: the user by primary key and, for a session, its row by primary key (only if it is this
 * user's). An API token (`session` null) has no session to check.
 */
async function loadCaller(userId: string, session: Omit<SessionClaims, "userId"> | null): Promise<Caller> {
  if (!isUuid(userId) || (session && !isUuid(session.sessionId))) return null;
  const db = await getDb();
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      role: users.role,
      locale: users.locale,
      timeZone: users.timeZone,
      status: users.status,
      sessionVersion: users.sessionVersion,
      totpEnabledAt: users.totpEnabledAt,
      session: { id: sessions.id, endedAt: sessions.endedAt, lastSeenAt: sessions.lastSeenAt },
    })
    .from(users)
    .leftJoin(sessions, and(eq(sessions.id, session?.sessionId ?? NO_SESSION), eq(sessions.userId, users.id)))
    .where(eq(users.id, userId))
    .limit(1);
  if (!row) return null;
  // Disabling ended its sessions too; the holder of a genuine credential still learns why it stopped working.
  if (row.status === "disabled") return "disabled";
  if (row.status !== "active") return null;
  const user: SessionUser = {
    id: row.id,
    email: row.email,
    role: row.role,
    locale: row.locale,
    timeZone: row.timeZone,
    totpEnabled: row.totpEnabledAt !== null,
  };
  if (!session) return user;
  if (row.sessionVersion !== session.sessionVersion || !row.session || !isLiveSession(row.session)) return null;
  await touchSession(db, row.session.id, row.session.lastSeenAt);
  return { ...user, sessionId: row.session.id };
}

// API tokens join no session row: the nil uuid matches none.
const NO_SESSION = "00000000-0000-0000-0000-000000000000";
