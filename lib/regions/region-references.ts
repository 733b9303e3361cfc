import { sql } from "drizzle-orm";
import { queryRows, type DbOrTx } from "@/db/client";

/** What refers to a region. Servers will add theirs here (and to the SQL below). */
export interface RegionReferences {
  rentals: number;
}

// Written out in full: Drizzle drops table names from columns in single-table queries, which would make a
// correlated "region_id = regions.id" compare the subquery's own columns.
export const rentalCountSql = sql<number>`(select count(*)::int from rentals r where r.region_id = regions.id)`;

export async function countRegionReferences(db: DbOrTx, regionId: string): Promise<RegionReferences> {
  const [row] = await queryRows<{ rentals: number | string }>(
    db,
    sql`select (select count(*) from rentals where region_id = ${regionId}) as rentals`,
  );
  return { rentals: Number(row?.rentals ?? 0) };
}

export function isReferenced(refs: RegionReferences): boolean {
  return refs.rentals > 0;
}
