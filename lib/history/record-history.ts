import type { DbOrTx } from "@/db/client";
import { userHistory } from "@/db/schema";
import { now } from "@/lib/clock";
import type { HistoryData, HistoryType } from "./types";

/**
 * Adds one entry to a user's history. Pass the transaction that made the change, so the entry exists
 * exactly when the change does. `actorId` is set when someone other than the user caused it (an admin).
 */
export async function recordHistory<T extends HistoryType>(
  tx: DbOrTx,
  userId: string,
  type: T,
  data: HistoryData[T],
  actorId?: string | null,
): Promise<void> {
  await tx.insert(userHistory).values({
    userId,
    type,
    data: data as Record<string, unknown>,
    at: now(),
    actorId: actorId && actorId !== userId ? actorId : null,
  });
}
