import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { plans } from "@/db/schema";
import { BYTES_PER_GB } from "@/lib/units";

/**
 * Seed step: two sample plans on a fresh install, so an operator can generate a first batch right away.
 * Runs only while no plan exists at all (deleting or archiving them later does not bring them back).
 */
export async function seedSamplePlans(db: Db): Promise<void> {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(plans);
  if (Number(n) > 0) return;
  await db.insert(plans).values([
    {
      nameEn: "Starter",
      nameZh: "入门版",
      durationDays: 30,
      trafficQuotaBytes: 100 * BYTES_PER_GB,
      deviceLimit: 3,
      priceMinor: 900,
      currency: "USD",
    },
    {
      nameEn: "Pro",
      nameZh: "专业版",
      durationDays: 90,
      trafficQuotaBytes: 500 * BYTES_PER_GB,
      deviceLimit: 10,
      bandwidthLimitBytesPerSec: 12_500_000,
      priceMinor: 2400,
      currency: "USD",
    },
  ]);
}
