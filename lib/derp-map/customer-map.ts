import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { derpMapVersions, users, type DerpMapVersion } from "@/db/schema";
import { assertSelfOrAdmin } from "@/lib/auth/access";
import type { RequestMeta, SessionUser } from "@/lib/auth/types";
import { env } from "@/lib/env";
import { forbidden, notFound } from "@/lib/errors";
import { recordDerpMapAccess, type DerpMapChannel } from "./access-log";
import { renderDerpMap, type RenderedDerpMap } from "./render";
import { DERP_MAP_FORMATS, type DerpMapFormat } from "./types";
import { currentDerpMap, regenerateDerpMap } from "./versions";

/**
 * What the customer-facing routes and the portal do with a map: get the current one (made if none), make it
 * again now, download it, list and read its versions, change OmitDefaultRegions. Each checks that the caller
 * is the map's owner or an admin; each generation or download by a person is written to the access log.
 */

/** Where a signed-in request came from: an API token, or a browser session (the portal). */
export const channelOf = (actor: SessionUser): DerpMapChannel => (actor.tokenScope ? "api" : "portal");

export interface DerpMapView {
  userId: string;
  version: number;
  hash: string;
  reason: string;
  createdAt: Date;
  map: Record<string, unknown>;
  /** The map in each format, as downloaded. */
  formats: Record<DerpMapFormat, string>;
}

export function renderVersion(version: DerpMapVersion, format: DerpMapFormat): RenderedDerpMap {
  return renderDerpMap(version.content, format, { version: version.version, appUrl: env().APP_URL });
}

function viewOf(version: DerpMapVersion): DerpMapView {
  const formats = Object.fromEntries(DERP_MAP_FORMATS.map((f) => [f, renderVersion(version, f).body])) as Record<DerpMapFormat, string>;
  return {
    userId: version.userId,
    version: version.version,
    hash: version.contentHash,
    reason: version.reason,
    createdAt: version.createdAt,
    map: JSON.parse(formats.json) as Record<string, unknown>,
    formats,
  };
}

export const generateInput = z.object({ userId: z.uuid().optional() });

async function generate(db: DbOrTx, actor: SessionUser, userId: string, meta: RequestMeta, make: () => ReturnType<typeof currentDerpMap>): Promise<DerpMapView> {
  assertSelfOrAdmin(actor, userId);
  await assertUserExists(db, userId);
  const { version } = await make();
  await recordDerpMapAccess(db, { userId, versionId: version.id, action: "generate", format: null, channel: channelOf(actor), meta });
  return viewOf(version);
}

/** POST /api/acl/generate: the current map, made now when there is none. */
export function generateDerpMap(db: DbOrTx, actor: SessionUser, userId: string, meta: RequestMeta): Promise<DerpMapView> {
  return generate(db, actor, userId, meta, () => currentDerpMap(db, userId));
}

/** POST /api/acl/update: built again now from the relays (a new version only if it differs). */
export function updateDerpMap(db: DbOrTx, actor: SessionUser, userId: string, meta: RequestMeta): Promise<DerpMapView> {
  return generate(db, actor, userId, meta, () => regenerateDerpMap(db, userId, "manual"));
}

/** The map without logging: for the portal page, which shows it (downloads and generations are logged). */
export async function showDerpMap(db: DbOrTx, actor: SessionUser, userId: string): Promise<DerpMapView> {
  assertSelfOrAdmin(actor, userId);
  return viewOf((await currentDerpMap(db, userId)).version);
}

/**
 * `<username>` of GET /api/acl/download/<username>: accounts have no user name, so it is the account's email
 * address (any case), or its id. A customer naming anyone else is refused before anything is looked up, so the
 * answer does not tell whether such an account exists.
 */
export async function resolveMapOwner(db: DbOrTx, actor: SessionUser, username: string): Promise<string> {
  const name = username.trim().toLowerCase();
  const own = name === actor.email.toLowerCase() || name === actor.id;
  if (own) return actor.id;
  if (actor.role !== "admin") throw forbidden();
  const isId = z.uuid().safeParse(name).success;
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .where(isId ? eq(users.id, name) : sql`lower(${users.email}) = ${name}`);
  if (!user) throw notFound("user_unknown");
  return user.id;
}

async function assertUserExists(db: DbOrTx, userId: string): Promise<void> {
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.id, userId));
  if (!user) throw notFound("user_unknown");
}

export interface Download extends RenderedDerpMap {
  version: number;
  etag: string;
}

/** The current map in one format, logged as a download (`channel` says how it was fetched). */
export async function downloadDerpMap(
  db: DbOrTx,
  userId: string,
  format: DerpMapFormat,
  channel: DerpMapChannel,
  meta: RequestMeta,
): Promise<Download> {
  const { version } = await currentDerpMap(db, userId);
  await recordDerpMapAccess(db, { userId, versionId: version.id, action: "download", format, channel, meta });
  return { ...renderVersion(version, format), version: version.version, etag: etagOf(version, format) };
}

/** Changes with the content, the format and the version number (which the comment headers name). */
export function etagOf(version: Pick<DerpMapVersion, "contentHash" | "version">, format: DerpMapFormat): string {
  return `"${version.contentHash.slice(0, 32)}-${version.version}-${format}"`;
}

export interface VersionSummary {
  version: number;
  hash: string;
  reason: string;
  createdAt: Date;
}

/** The customer's versions, newest first (at most `limit`). */
export async function listDerpMapVersions(db: DbOrTx, actor: SessionUser, userId: string, limit = 100): Promise<VersionSummary[]> {
  assertSelfOrAdmin(actor, userId);
  return db
    .select({ version: derpMapVersions.version, hash: derpMapVersions.contentHash, reason: derpMapVersions.reason, createdAt: derpMapVersions.createdAt })
    .from(derpMapVersions)
    .where(eq(derpMapVersions.userId, userId))
    .orderBy(desc(derpMapVersions.version))
    .limit(limit);
}

export async function getDerpMapVersion(db: DbOrTx, actor: SessionUser, userId: string, version: number): Promise<DerpMapVersion> {
  assertSelfOrAdmin(actor, userId);
  const [row] = await db
    .select()
    .from(derpMapVersions)
    .where(and(eq(derpMapVersions.userId, userId), eq(derpMapVersions.version, version)));
  if (!row) throw notFound("derp_map_version_unknown");
  return row;
}

/** The customer's choice to leave out Tailscale's default regions; the map is made again with it. */
export async function setOmitDefaultRegions(db: DbOrTx, actor: SessionUser, userId: string, omit: boolean): Promise<DerpMapView> {
  assertSelfOrAdmin(actor, userId);
  return db.transaction(async (tx) => {
    const [user] = await tx.update(users).set({ derpOmitDefaultRegions: omit }).where(eq(users.id, userId)).returning({ id: users.id });
    if (!user) throw notFound("user_unknown");
    return viewOf((await regenerateDerpMap(tx, userId, "settings")).version);
  });
}
