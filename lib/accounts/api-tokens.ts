import { createHash, randomBytes } from "node:crypto";
import { and, count, desc, eq, gt, isNull, lt, or } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { apiTokens, apiTokenScope, type ApiTokenScope } from "@/db/schema";
import type { RequestMeta, SessionUser } from "@/lib/auth/types";
import { now } from "@/lib/clock";
import { dateInput } from "@/lib/date-input";
import { badRequest, conflict, notFound } from "@/lib/errors";
import { byTimeAndId, MAX_LIMIT, pageOf, pageQuery, type Page } from "@/lib/http/paging";
import { writeAudit } from "@/lib/logs/audit-log";

/**
 * Personal API tokens for `Authorization: Bearer dmt_…`: 256 random bits, shown once, stored as SHA-256,
 * revocable. A token acts as its owner with the owner's current role and status, limited by its scope (a
 * `read` token may only make GET requests: lib/http/guard.ts) and until its optional expiry (after it, the
 * token is refused like an unknown one).
 */
export const API_TOKEN_PREFIX = "dmt_";
const MAX_TOKENS_PER_USER = 20;
const LAST_USED_GRANULARITY_MS = 60_000;

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface ApiTokenView {
  id: string;
  name: string;
  prefix: string;
  scope: ApiTokenScope;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const view = {
  id: apiTokens.id,
  name: apiTokens.name,
  prefix: apiTokens.prefix,
  scope: apiTokens.scope,
  createdAt: apiTokens.createdAt,
  expiresAt: apiTokens.expiresAt,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
};

/** A new token: its name, its scope (default full) and when it stops working (a day: midnight UTC at its start). */
export const apiTokenInput = z.object({
  name: z.string().trim().min(1).max(100),
  scope: z.enum(apiTokenScope.enumValues).default("full"),
  expiresAt: dateInput().optional(),
});
export interface ApiTokenInput {
  name: string;
  scope?: ApiTokenScope;
  expiresAt?: Date;
}

export async function createApiToken(
  db: DbOrTx,
  user: SessionUser,
  /** A name alone makes a full token that does not expire. */
  input: string | ApiTokenInput,
  meta?: RequestMeta,
): Promise<{ token: string; apiToken: ApiTokenView }> {
  const { name, scope = "full", expiresAt } = typeof input === "string" ? { name: input } : input;
  if (expiresAt && expiresAt.getTime() <= now().getTime()) {
    throw badRequest("token_expiry_past", { expiresAt: ["token_expiry_past"] });
  }
  return db.transaction(async (tx) => {
    const [{ n }] = await tx
      .select({ n: count() })
      .from(apiTokens)
      .where(and(eq(apiTokens.userId, user.id), isNull(apiTokens.revokedAt)));
    if (n >= MAX_TOKENS_PER_USER) throw conflict("token_limit", { max: MAX_TOKENS_PER_USER });
    const token = API_TOKEN_PREFIX + randomBytes(32).toString("base64url");
    const [row] = await tx
      .insert(apiTokens)
      .values({
        userId: user.id,
        name,
        tokenHash: hashApiToken(token),
        prefix: token.slice(0, 12),
        scope,
        expiresAt: expiresAt ?? null,
        createdAt: now(),
      })
      .returning(view);
    await writeAudit(tx, {
      actor: user,
      action: "api_token.created",
      target: { type: "api_token", id: row.id },
      meta,
      details: { name, scope, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return { token, apiToken: row };
  });
}

export const tokenListQuery = pageQuery(byTimeAndId);

/** The caller's tokens, revoked ones too, newest first. */
export async function listApiTokens(
  db: DbOrTx,
  user: SessionUser,
  query: z.output<typeof tokenListQuery> = { limit: MAX_LIMIT },
): Promise<Page<ApiTokenView>> {
  const after = query.cursor;
  const rows = await db
    .select(view)
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.userId, user.id),
        after ? or(lt(apiTokens.createdAt, after.at), and(eq(apiTokens.createdAt, after.at), lt(apiTokens.id, after.id))) : undefined,
      ),
    )
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
    .limit(query.limit + 1);
  return pageOf(rows, query.limit, (t) => [t.createdAt.toISOString(), t.id]);
}

/** Revokes one of the caller's own tokens; another user's token id is "not found", not "forbidden". */
export async function revokeApiToken(db: DbOrTx, user: SessionUser, id: string, meta?: RequestMeta): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: now() })
      .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, user.id), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    if (!row) throw notFound();
    await writeAudit(tx, { actor: user, action: "api_token.revoked", target: { type: "api_token", id }, meta });
  });
}

/**
 * The owner's id and the token's scope for a live token (not revoked, not expired), or null. Records the last
 * use at most once a minute.
 */
export async function resolveApiToken(db: DbOrTx, token: string): Promise<{ userId: string; scope: ApiTokenScope } | null> {
  if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return null;
  const at = now();
  const [row] = await db
    .select({ id: apiTokens.id, userId: apiTokens.userId, scope: apiTokens.scope, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.tokenHash, hashApiToken(token)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, at)),
      ),
    )
    .limit(1);
  if (!row) return null;
  // Most requests come within the minute and need no write at all.
  if (!row.lastUsedAt || row.lastUsedAt.getTime() < at.getTime() - LAST_USED_GRANULARITY_MS) {
    await db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, row.id));
  }
  return { userId: row.userId, scope: row.scope };
}
