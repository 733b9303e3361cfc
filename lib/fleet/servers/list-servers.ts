import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { regions, servers } from "@/db/schema";
import { assertAdmin } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/current-user";
import { pageOf, type Page } from "@/lib/http/paging";
import { regionRefColumns, toViews } from "./read-servers";
import type { ServerListFilter } from "./schemas";
import type { ServerView } from "./server-view";

/** Where a page of the list starts: after this server (its lower-case name and id). */
export interface ServerCursor {
  name: string;
  id: string;
}

/** The list's sort key as a cursor holds it: a name a server can have (no NUL) and a uuid. */
export const serverCursorKey = z
  .tuple([z.string().max(100).refine((n) => !n.includes("\u0000")), z.uuid()])
  .transform(([name, id]): ServerCursor => ({ name, id }));

/**
 * Admins only. Servers by name (without case), then id, filtered by region code, status and enabled; keyset
 * paging with an opaque cursor (the last row's name and id), so pages stay right while servers are added.
 */
export async function listServers(
  db: DbOrTx,
  actor: SessionUser,
  filter: ServerListFilter & { cursor?: ServerCursor; limit?: number },
): Promise<Page<ServerView>> {
  assertAdmin(actor);
  const limit = filter.limit ?? 50;
  const after = filter.cursor;
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
  const found = pageOf(rows, limit, (last) => [last.server.name.toLowerCase(), last.server.id]);
  return { items: await toViews(db, found.items), nextCursor: found.nextCursor };
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
