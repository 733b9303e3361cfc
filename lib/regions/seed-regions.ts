import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { regions } from "@/db/schema";

/**
 * Seed step: two sample regions on a fresh install, so the redemption form offers a choice right away.
 * Runs only while no region exists at all (an upgraded install whose rentals named regions already has them).
 */
export async function seedSampleRegions(db: Db): Promise<void> {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(regions);
  if (Number(n) > 0) return;
  await db.insert(regions).values([
    { code: "hk", nameEn: "Hong Kong", nameZh: "香港", country: "HK", latitude: 22.32, longitude: 114.17, sortOrder: 10 },
    { code: "fra", nameEn: "Frankfurt", nameZh: "法兰克福", country: "DE", latitude: 50.11, longitude: 8.68, sortOrder: 20 },
  ]);
}
