import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { regions, type Region } from "@/db/schema";
import { badRequest } from "@/lib/errors";

/**
 * The region a customer (or a plan) names by code, which must exist and be active: anything else is a 400
 * on the `region` field, so nothing is written.
 */
export async function findOfferedRegion(db: DbOrTx, code: string): Promise<Region> {
  const [region] = await db.select().from(regions).where(eq(regions.code, code));
  if (!region) throw badRequest("region_unknown", { region: ["region_unknown"] });
  if (!region.active) throw badRequest("region_inactive", { region: ["region_inactive"] });
  return region;
}
