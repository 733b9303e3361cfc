import type { Db } from "@/db/client";
import { ensureFirstAdmin } from "@/lib/accounts/first-admin";
import { seedSamplePlans } from "@/lib/billing/seed-plans";
import { backfillSerialSuffixes } from "@/lib/billing/serial-suffix";
import { seedSampleRegions } from "@/lib/regions/seed-regions";

/**
 * What a first run needs, applied after migrations on every start. Each step is idempotent (it checks before
 * it writes), so running the seed again changes nothing. Domains register their step here.
 */
export type SeedStep = (db: Db) => Promise<void>;

const steps: SeedStep[] = [
  ensureFirstAdmin,
  seedSamplePlans,
  seedSampleRegions,
  // A one-off data migration that SQL cannot do (the codes are encrypted); a no-op once done.
  async (db) => void (await backfillSerialSuffixes(db)),
];

export async function seed(db: Db): Promise<void> {
  for (const step of steps) await step(db);
}
