import type { Db } from "@/db/client";
import { rentals, type Plan, type Rental } from "@/db/schema";
import { DAY_MS, now } from "@/lib/clock";
import { insertUser, makePlan } from "./billing";

/**
 * A `pending` rental inserted directly (as a redemption would leave it), for a new customer unless one is
 * given, in the given region. Container tests start from here and call allocateRental themselves.
 */
export async function makeRental(
  db: Db,
  overrides: Partial<typeof rentals.$inferInsert> & { regionId: string | null },
): Promise<{ rental: Rental; plan: Plan; userId: string }> {
  const plan = await makePlan(db, await insertUser(db, { role: "admin" }));
  const userId = overrides.userId ?? (await insertUser(db)).id;
  const at = now();
  const [rental] = await db
    .insert(rentals)
    .values({
      userId,
      planId: plan.id,
      status: "pending",
      startsAt: at,
      expiresAt: new Date(at.getTime() + 30 * DAY_MS),
      trafficQuotaBytes: plan.trafficQuotaBytes,
      deviceLimit: plan.deviceLimit,
      bandwidthLimitBytesPerSec: plan.bandwidthLimitBytesPerSec,
      relayNodes: 1,
      ...overrides,
    })
    .returning();
  return { rental, plan, userId };
}
