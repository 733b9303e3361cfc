import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { regions, servers } from "@/db/schema";
import { assertAdmin } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/current-user";
import { badRequest } from "@/lib/errors";
import { isUuid } from "@/lib/validation";
import { regionRefColumns, toViews } from "./read-servers";
import type { ServerListFilter } from "./schemas";
import type { ServerView } from "./server-view";

export interface ServerPage {
  items: ServerView[];
  nextCursor: string | null;
}

/**
 * Admins only. Servers by name (without case), then id, filtered by region code, status and enabled; keyset
 * paging with an opaque cursor (the last row's name and id), so pages stay right while servers are added.
 */
export async function listServers(
  db: DbOrTx,
  actor: SessionUser,
  filter: ServerListFilter & { cursor?: string; limit?: number },
): Promise<ServerPage> {
  assertAdmin(actor);
  const limit = filter.limit ?? 50;
  const after = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor);
  const sortName = sql`lower(${servers.name})`;
  const where: (SQL | undefined)[] = [
    filter.region ? eq(regions.code, filter.region) : undefined,
    filter.status ? eq(servers.status, filter.status) : undefined,
    filter.enabled === undefined ? undefined : eq(servers.enabled, filter.enabled),
    after ? sql`(${sortName}, ${servers.id}) > (${after.name}, ${after.id}::uuid)` : undefined,
  ];
  const rows = await db
    .select({ server: servers, region: regionRefColumns })
    .from(servers)
    .innerJoin(regions, eq(regions.id, servers.regionId))
    .where(and(...where))
    .orderBy(asc(sortName), asc(servers.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: await toViews(db, page),
    nextCursor: rows.length > limit && last ? encodeCursor(last.server.name.toLowerCase(), last.server.id) : null,
  };
}

/** Admins only. Every server, in region order (as customers see regions), then by name: the fleet overview. */
export async function listFleet(db: DbOrTx, actor: SessionUser): Promise<ServerView[]> {
  assertAdmin(actor);
  const rows = await db
    .select({ server: servers, region: regionRefColumns })
    .from(servers)
    .innerJoin(regions, eq(regions.id, servers.regionId))
    .orderBy(asc(regions.sortOrder), asc(regions.code), asc(sql`lower(${servers.name})`), asc(servers.id));
  return toViews(db, rows);
}

function encodeCursor(name: string, id: string): string {
  return Buffer.from(JSON.stringify([name, id])).toString("base64url");
}

function decodeCursor(cursor: string): { name: string; id: string } {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(key) && key.length === 2 && typeof key[0] === "string" && typeof key[1] === "string") {
      // Only what this list wrote: a name it could hold (Postgres refuses NUL in text) and a uuid.
      if (key[0].length <= 100 && !key[0].includes("\u0000") && isUuid(key[1])) return { name: key[0], id: key[1] };
    }
  } catch {
    // Not base64url JSON: refused below like any other foreign cursor.
  }
  throw badRequest("invalid_cursor", { cursor: ["invalid_cursor"] });
}
