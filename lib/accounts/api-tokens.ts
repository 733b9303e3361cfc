import { createHash, randomBytes } from "node:crypto";
import { and, count, desc, eq, isNull, lt, or } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { apiTokens } from "@/db/schema";
import type { RequestMeta, SessionUser } from "@/lib/auth/types";
import { now } from "@/lib/clock";
import { conflict, notFound } from "@/lib/errors";
import { byTimeAndId, MAX_LIMIT, pageOf, pageQuery, type Page } from "@/lib/http/paging";
import { writeAudit } from "@/lib/logs/audit-log";

/**
 * Personal API tokens for `Authorization: Bearer dmt_…`: 256 random bits, shown once, stored as SHA-256,
 * revocable. A token acts as its owner with the owner's current role and status.
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
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const view = {
  id: apiTokens.id,
  name: apiTokens.name,
  prefix: apiTokens.prefix,
  createdAt: apiTokens.createdAt,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
};

export async function createApiToken(
  db: DbOrTx,
  user: SessionUser,
  name: string,
  meta?: RequestMeta,
): Promise<{ token: string; apiToken: ApiTokenView }> {
  return db.transaction(async (tx) => {
    const [{ n }] = await tx
      .select({ n: count() })
      .from(apiTokens)
      .where(and(eq(apiTokens.userId, user.id), isNull(apiTokens.revokedAt)));
    if (n >= MAX_TOKENS_PER_USER) throw conflict("token_limit", { max: MAX_TOKENS_PER_USER });
    const token = API_TOKEN_PREFIX + randomBytes(32).toString("base64url");
    const [row] = await tx
      .insert(apiTokens)
      .values({ userId: user.id, name, tokenHash: hashApiToken(token), prefix: token.slice(0, 12), createdAt: now() })
      .returning(view);
    await writeAudit(tx, {
      actor: user,
      action: "api_token.created",
      target: { type: "api_token", id: row.id },
      meta,
      details: { name },
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

/** The owner's id for a live token, or null. Records the last use at most once a minute. */
export async function resolveApiToken(db: DbOrTx, token: string): Promise<string | null> {
  if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return null;
  const [row] = await db
    .select({ id: apiTokens.id, userId: apiTokens.userId, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hashApiToken(token)), isNull(apiTokens.revokedAt)))
    .limit(1);
  if (!row) return null;
  // Most requests come within the minute and need no write at all.
  const at = now();
  if (!row.lastUsedAt || row.lastUsedAt.getTime() < at.getTime() - LAST_USED_GRANULARITY_MS) {
    await db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, row.id));
  }
  return row.userId;
}
