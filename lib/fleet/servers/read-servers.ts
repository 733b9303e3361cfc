import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { regions, servers, type Server } from "@/db/schema";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/validation";
import { latestLatency, relayCounts } from "./load-and-latency";
import { loadOf, NO_LATENCY, regionRef, toServerView, type ServerRegionRef, type ServerView } from "./server-view";

/** The row (with its sealed columns: for lib code only) or 404 server_unknown. */
export async function findServerRow(db: DbOrTx, id: string, options: { forUpdate?: boolean } = {}): Promise<Server> {
  if (!isUuid(id)) throw notFound("server_unknown");
  const query = db.select().from(servers).where(eq(servers.id, id));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  if (!row) throw notFound("server_unknown");
  return row;
}

export const regionRefColumns = {
  id: regions.id,
  code: regions.code,
  nameEn: regions.nameEn,
  nameZh: regions.nameZh,
  active: regions.active,
};

/** Rows with their regions turned into views, with load and latest latency read in two queries for all. */
export async function toViews(db: DbOrTx, rows: { server: Server; region: ServerRegionRef }[]): Promise<ServerView[]> {
  const ids = rows.map((r) => r.server.id);
  const [counts, latency] = await Promise.all([relayCounts(db, ids), latestLatency(db, ids)]);
  return rows.map(({ server, region }) =>
    toServerView(server, regionRef(region), loadOf(server.capacity, counts.get(server.id)), latency.get(server.id) ?? NO_LATENCY),
  );
}

/** Internal (callers check permission): one server as a view. */
export async function readServerView(db: DbOrTx, id: string): Promise<ServerView> {
  if (!isUuid(id)) throw notFound("server_unknown");
  const [row] = await db
    .select({ server: servers, region: regionRefColumns })
    .from(servers)
    .innerJoin(regions, eq(regions.id, servers.regionId))
    .where(eq(servers.id, id));
  if (!row) throw notFound("server_unknown");
  const [view] = await toViews(db, [row]);
  return view;
}
