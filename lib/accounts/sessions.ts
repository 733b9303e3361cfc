import { isIP } from "node:net";
import { and, desc, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { sessions, users } from "@/db/schema";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session";
import type { RequestMeta, SessionClaims, SessionUser } from "@/lib/auth/types";
import { now } from "@/lib/clock";
import { notFound } from "@/lib/errors";
import { plainIp } from "@/lib/ip";
import { writeAudit } from "@/lib/logs/audit-log";
import { describeUserAgent } from "./user-agent";

/**
 * Session rows: one per login, named by the session cookie's token. A row is live until it is ended and while
 * it has been seen within the cookie's lifetime (an unseen older one has no valid cookie left).
 */
const SESSION_LIFETIME_MS = SESSION_MAX_AGE_SECONDS * 1000;
/** How stale `last_seen_at` may get before a request writes it: most requests only read. */
export const LAST_SEEN_GRANULARITY_MS = 5 * 60 * 1000;
/** The list shows the most recently used sessions; more than this many live ones is not a real person. */
const LIST_LIMIT = 100;

export interface SessionView {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  ip: string | null;
  userAgent: string | null;
  /** "Chrome 124", "curl 8.5"; null when the agent says nothing recognisable. */
  browser: string | null;
  os: string | null;
  /** The session this request came with. */
  current: boolean;
}

/** A new session row for a login (or a password change, which renews the caller's session). */
export async function startSession(
  db: DbOrTx,
  user: { id: string; sessionVersion: number },
  meta: RequestMeta,
): Promise<SessionClaims> {
  const at = now();
  const [row] = await db
    .insert(sessions)
    .values({
      userId: user.id,
      createdAt: at,
      lastSeenAt: at,
      ip: meta.ip && isIP(meta.ip) ? plainIp(meta.ip) : null,
      userAgent: meta.userAgent?.slice(0, 500) ?? null,
    })
    .returning({ id: sessions.id });
  return { userId: user.id, sessionVersion: user.sessionVersion, sessionId: row.id };
}

/** Whether a row read by the request check is still a session. */
export function isLiveSession(row: { endedAt: Date | null; lastSeenAt: Date }): boolean {
  return row.endedAt === null && row.lastSeenAt.getTime() > now().getTime() - SESSION_LIFETIME_MS;
}

/** Records that a session was used, at most once per LAST_SEEN_GRANULARITY_MS. */
export async function touchSession(db: DbOrTx, id: string, lastSeenAt: Date): Promise<void> {
  const at = now();
  if (at.getTime() - lastSeenAt.getTime() < LAST_SEEN_GRANULARITY_MS) return;
  await db
    .update(sessions)
    .set({ lastSeenAt: at })
    .where(and(eq(sessions.id, id), isNull(sessions.endedAt)));
}

/**
 * Ends every session of the user: their rows, and the session version the tokens carry. Call it inside the
 * transaction of the change that requires it (logout everywhere, password change or reset, disabling).
 */
export async function endAllSessions(db: DbOrTx, userId: string): Promise<number> {
  const at = now();
  await db
    .update(sessions)
    .set({ endedAt: at })
    .where(and(eq(sessions.userId, userId), isNull(sessions.endedAt)));
  const [row] = await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: at })
    .where(eq(users.id, userId))
    .returning({ sessionVersion: users.sessionVersion });
  return row.sessionVersion;
}

/** The caller's live sessions, most recently used first. */
export async function listSessions(db: DbOrTx, user: SessionUser): Promise<SessionView[]> {
  const rows = await db
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, user.id),
        isNull(sessions.endedAt),
        gt(sessions.lastSeenAt, new Date(now().getTime() - SESSION_LIFETIME_MS)),
      ),
    )
    .orderBy(desc(sessions.lastSeenAt), desc(sessions.id))
    .limit(LIST_LIMIT);
  return rows.map((r) => ({ ...r, ip: plainIp(r.ip), ...describeUserAgent(r.userAgent), current: r.id === user.sessionId }));
}

/**
 * Ends one of the caller's own sessions (this one or another device's). Another user's session id, or one
 * already ended, is "not found": the answer does not tell whether such a session exists.
 */
export async function endSession(db: DbOrTx, user: SessionUser, id: string, meta?: RequestMeta): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(sessions)
      .set({ endedAt: now() })
      .where(and(eq(sessions.id, id), eq(sessions.userId, user.id), isNull(sessions.endedAt)))
      .returning({ id: sessions.id });
    if (!row) throw notFound();
    await writeAudit(tx, {
      actor: user,
      action: "auth.session_ended",
      target: { type: "session", id },
      meta,
      details: { current: id === user.sessionId },
    });
  });
}

/** Log-out: ends the session the request came with (an API token has none; nothing to end then). */
export async function endCurrentSession(db: DbOrTx, user: SessionUser): Promise<void> {
  if (!user.sessionId) return;
  await db
    .update(sessions)
    .set({ endedAt: now() })
    .where(and(eq(sessions.id, user.sessionId), eq(sessions.userId, user.id), isNull(sessions.endedAt)));
}

/** The retention job: rows of sessions that ended, or went unused, longer ago than a cookie lives. */
export async function pruneSessions(db: DbOrTx, at: Date): Promise<number> {
  const cutoff = new Date(at.getTime() - SESSION_LIFETIME_MS);
  const deleted = await db
    .delete(sessions)
    .where(or(lt(sessions.endedAt, cutoff), lt(sessions.lastSeenAt, cutoff)))
    .returning({ id: sessions.id });
  return deleted.length;
}
