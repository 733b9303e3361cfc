import { lt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { relayTrafficSamples } from "@/db/schema";
import { DAY_MS } from "@/lib/clock";

/** Raw traffic samples older than `days` go; the hourly rollups (the charts and the bill) are kept. */
export async function pruneTrafficSamples(db: DbOrTx, at: Date, days: number): Promise<number> {
  const cutoff = new Date(at.getTime() - days * DAY_MS);
  const deleted = await db.delete(relayTrafficSamples).where(lt(relayTrafficSamples.at, cutoff)).returning({ id: relayTrafficSamples.id });
  return deleted.length;
}
