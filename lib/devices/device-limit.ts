import { and, eq, max, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { rentals, users } from "@/db/schema";

/**
 * How many devices a customer may register: the largest device limit among their rentals that are not
 * released (an expired or suspended rental still counts, so a renewal finds the devices where they were).
 * Null when they have no such rental: then there is nothing to register devices for.
 */
export async function deviceLimitOf(db: DbOrTx, userId: string): Promise<number | null> {
  const [row] = await db
    .select({ limit: max(rentals.deviceLimit) })
    .from(rentals)
    .where(and(eq(rentals.userId, userId), ne(rentals.status, "released")));
  return row?.limit ?? null;
}

/**
 * Serialises a customer's device changes (a row lock on the user), so two adds at once cannot both pass the
 * limit check. Call inside the transaction that checks and inserts.
 */
export async function lockDevicesOf(tx: DbOrTx, userId: string): Promise<void> {
  await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
}
