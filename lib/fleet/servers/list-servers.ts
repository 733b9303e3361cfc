import { and, asc, desc, eq, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { regions, servers } from "@/db/schema";
import { assertAdmin } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/current-user";
import { byTimeAndId, pageOf, pageQuery, type Page } from "@/lib/http/paging";
import { regionRefColumns, toViews } from "./read-servers";
import { serverListFilter } from "./schemas";
import type { ServerView } from "./server-view";

/** `?cursor&limit` of the list: keyset paging on (created_at, id), newest first, as the other lists page. */
export const serverListQuery = serverListFilter.extend(pageQuery(byTimeAndId).shape);
export type ServerListQuery = z.output<typeof serverListQuery>;

/**
 * Admins only. Servers, newest first, filtered by region code, status and enabled; keyset paging with an opaque
 * cursor (the last row's creation time and id), so pages stay right while servers are added.
 */
export async function listServers(db: DbOrTx, actor: SessionUser, query: ServerListQuery): Promise<Page<ServerView>> {
  assertAdmin(actor);
  const after = query.cursor;
  const where: (SQL | undefined)[] = [
    query.region ? eq(regions.code, query.region) : undefined,
    query.status ? eq(servers.status, query.status) : undefined,
    query.enabled === undefined ? undefined : eq(servers.enabled, query.enabled),
    after ? or(lt(servers.createdAt, after.at), and(eq(servers.createdAt, after.at), lt(servers.id, after.id))) : undefined,
  ];
  const rows = await db
    .select({ server: servers, region: regionRefColumns })
    .from(servers)
    .innerJoin(regions, eq(regions.id, servers.regionId))
    .where(and(...where))
    .orderBy(desc(servers.createdAt), desc(servers.id))
    .limit(query.limit + 1);
  const found = pageOf(rows, query.limit, (last) => [last.server.createdAt.toISOString(), last.server.id]);
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
