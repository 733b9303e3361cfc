import { sql } from "drizzle-orm";
import { queryRows, type DbOrTx } from "@/db/client";

/** What refers to a region: rentals (bought there) and servers (placed there). */
export interface RegionReferences {
  rentals: number;
  servers: number;
}

// Written out in full: Drizzle drops table names from columns in single-table queries, which would make a
// correlated "region_id = regions.id" compare the subquery's own columns.
export const rentalCountSql = sql<number>`(select count(*)::int from rentals r where r.region_id = regions.id)`;
export const serverCountSql = sql<number>`(select count(*)::int from servers s where s.region_id = regions.id)`;

export async function countRegionReferences(db: DbOrTx, regionId: string): Promise<RegionReferences> {
  const [row] = await queryRows<{ rentals: number | string; servers: number | string }>(
    db,
    sql`select (select count(*) from rentals where region_id = ${regionId}) as rentals,
               (select count(*) from servers where region_id = ${regionId}) as servers`,
  );
  return { rentals: Number(row?.rentals ?? 0), servers: Number(row?.servers ?? 0) };
}

export function isReferenced(refs: RegionReferences): boolean {
  return refs.rentals > 0 || refs.servers > 0;
}
