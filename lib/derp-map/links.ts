import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { derpMapLinks, derpMapVersions, type DerpMapLink, type DerpMapVersion } from "@/db/schema";
import { assertSelfOrAdmin } from "@/lib/auth/access";
import type { RequestMeta, SessionUser } from "@/lib/auth/types";
import { now } from "@/lib/clock";
import { lookupHasher, type LookupHasher } from "@/lib/crypto/lookup-hash";
import { randomToken } from "@/lib/crypto/random-token";
import { env } from "@/lib/env";
import { badRequest, notFound } from "@/lib/errors";
import { writeAudit } from "@/lib/logs/audit-log";

/**
 * The secret direct link to a customer's map (`/acl/<token>`), for headscale's derp.urls and other fetchers
 * that carry no session: 256 random bits, stored only as a keyed hash (a database dump gives no usable link),
 * one live link per customer. Rotating makes a new one and revokes the old in one transaction; a revoked or
 * expired link is answered exactly like an unknown one.
 */
export const LINK_TOKEN_PREFIX = "dml_";
/** The prefix and 43 base64url characters (32 bytes): anything else is not looked up at all. */
const TOKEN_SHAPE = /^dml_[A-Za-z0-9_-]{43}$/;
const LAST_USED_GRANULARITY_MS = 60_000;

let hasher: LookupHasher | undefined;
const hashToken = (token: string) => (hasher ??= lookupHasher("derp-map-link hmac-sha256 v1"))(token);

export function linkUrl(token: string): string {
  return `${env().APP_URL}/acl/${token}`;
}

export interface LinkView {
  id: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  expired: boolean;
}

function view(link: DerpMapLink): LinkView {
  return {
    id: link.id,
    createdAt: link.createdAt,
    expiresAt: link.expiresAt,
    lastUsedAt: link.lastUsedAt,
    expired: link.expiresAt !== null && link.expiresAt.getTime() <= now().getTime(),
  };
}

/** The customer's link that is not revoked (it may have expired), without its token, which is never kept. */
export async function currentLink(db: DbOrTx, actor: SessionUser, userId: string): Promise<LinkView | null> {
  assertSelfOrAdmin(actor, userId);
  const [link] = await db
    .select()
    .from(derpMapLinks)
    .where(and(eq(derpMapLinks.userId, userId), isNull(derpMapLinks.revokedAt)))
    .orderBy(desc(derpMapLinks.createdAt))
    .limit(1);
  return link ? view(link) : null;
}

function checkExpiry(expiresAt: Date | null | undefined): void {
  if (expiresAt && expiresAt.getTime() <= now().getTime()) throw badRequest("token_expiry_past", { expiresAt: ["token_expiry_past"] });
}

/**
 * A new link, revoking the live one (a rotation). The token is returned this once. Without `expiresAt` a
 * rotation keeps the old link's expiry if it was still ahead; `null` means never.
 */
export async function createDerpMapLink(
  db: DbOrTx,
  actor: SessionUser,
  userId: string,
  input: { expiresAt?: Date | null } = {},
  meta?: RequestMeta,
): Promise<{ token: string; url: string; link: LinkView; rotated: boolean }> {
  assertSelfOrAdmin(actor, userId);
  checkExpiry(input.expiresAt);
  return db.transaction(async (tx) => {
    const at = now();
    const revoked = await tx
      .update(derpMapLinks)
      .set({ revokedAt: at })
      .where(and(eq(derpMapLinks.userId, userId), isNull(derpMapLinks.revokedAt)))
      .returning();
    const previous = revoked.find((l) => l.expiresAt === null || l.expiresAt > at);
    const expiresAt = input.expiresAt !== undefined ? input.expiresAt : (previous?.expiresAt ?? null);
    const token = randomToken(LINK_TOKEN_PREFIX);
    const [link] = await tx.insert(derpMapLinks).values({ userId, tokenHash: hashToken(token), expiresAt, createdAt: at }).returning();
    const rotated = revoked.length > 0;
    await writeAudit(tx, { actor, action: "derp_map_link.created", target: { type: "user", id: userId }, meta, details: { rotated, expiresAt: expiresAt?.toISOString() ?? null } });
    return { token, url: linkUrl(token), link: view(link), rotated };
  });
}

export async function revokeDerpMapLink(db: DbOrTx, actor: SessionUser, userId: string, meta?: RequestMeta): Promise<void> {
  assertSelfOrAdmin(actor, userId);
  await db.transaction(async (tx) => {
    const revoked = await tx
      .update(derpMapLinks)
      .set({ revokedAt: now() })
      .where(and(eq(derpMapLinks.userId, userId), isNull(derpMapLinks.revokedAt)))
      .returning({ id: derpMapLinks.id });
    if (revoked.length === 0) throw notFound("derp_map_link_none");
    await writeAudit(tx, { actor, action: "derp_map_link.revoked", target: { type: "user", id: userId }, meta });
  });
}

export async function setDerpMapLinkExpiry(db: DbOrTx, actor: SessionUser, userId: string, expiresAt: Date | null, meta?: RequestMeta): Promise<LinkView> {
  assertSelfOrAdmin(actor, userId);
  checkExpiry(expiresAt);
  return db.transaction(async (tx) => {
    const [link] = await tx
      .update(derpMapLinks)
      .set({ expiresAt })
      .where(and(eq(derpMapLinks.userId, userId), isNull(derpMapLinks.revokedAt)))
      .returning();
    if (!link) throw notFound("derp_map_link_none");
    await writeAudit(tx, { actor, action: "derp_map_link.expiry_changed", target: { type: "user", id: userId }, meta, details: { expiresAt: expiresAt?.toISOString() ?? null } });
    return view(link);
  });
}

/**
 * The owner of a live link (not revoked, not expired) with their latest map version (null when they have
 * none yet), in one round trip: this runs on every poll of every headscale. Null for anything else; a
 * malformed token is not even looked up.
 */
export async function resolveLinkToken(db: DbOrTx, token: string): Promise<{ linkId: string; userId: string; latest: DerpMapVersion | null } | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const latest = db
    .select()
    .from(derpMapVersions)
    .where(eq(derpMapVersions.userId, derpMapLinks.userId))
    .orderBy(desc(derpMapVersions.version))
    .limit(1)
    .as("latest");
  const [row] = await db
    .select({
      link: derpMapLinks,
      latest: {
        id: latest.id,
        userId: latest.userId,
        version: latest.version,
        content: latest.content,
        contentHash: latest.contentHash,
        reason: latest.reason,
        createdAt: latest.createdAt,
      },
    })
    .from(derpMapLinks)
    .leftJoinLateral(latest, sql`true`)
    .where(eq(derpMapLinks.tokenHash, hashToken(token)));
  const link = row?.link;
  const at = now();
  if (!link || link.revokedAt || (link.expiresAt && link.expiresAt <= at)) return null;
  // headscale polls: the last use is written at most once a minute, not on every fetch.
  if (!link.lastUsedAt || at.getTime() - link.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    await db.update(derpMapLinks).set({ lastUsedAt: at }).where(eq(derpMapLinks.id, link.id));
  }
  return { linkId: link.id, userId: link.userId, latest: row.latest?.id ? (row.latest as DerpMapVersion) : null };
}
