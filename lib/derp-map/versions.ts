import { desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { derpMapVersions, type DerpMapVersion } from "@/db/schema";
import { now } from "@/lib/clock";
import { buildDerpMap } from "./build-map";
import { derpMapHash } from "./canonical";

/**
 * Why a version was made: `first` (asked for, none yet), `relay_<reason>` (a relay changed, with
 * setRelayState's reason), `allocation`, `settings` (OmitDefaultRegions), `manual` (POST /api/acl/update),
 * `repair` (the drift job).
 */
export type DerpMapReason = string;

export interface Regenerated {
  version: DerpMapVersion;
  /** False when the map was unchanged and the latest version was returned as it is. */
  created: boolean;
}

export async function latestDerpMapVersion(db: DbOrTx, userId: string): Promise<DerpMapVersion | null> {
  const [row] = await db.select().from(derpMapVersions).where(eq(derpMapVersions.userId, userId)).orderBy(desc(derpMapVersions.version)).limit(1);
  return row ?? null;
}

/**
 * Builds the customer's map and stores it as a new version only when its hash differs from the latest one.
 * A per-user transaction lock serialises concurrent generations (a relay change racing the drift job), so
 * two runs never both take the next number or both store the same content.
 */
export async function regenerateDerpMap(db: DbOrTx, userId: string, reason: DerpMapReason): Promise<Regenerated> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('derp-map'), hashtext(${userId}))`);
    const map = await buildDerpMap(tx, userId);
    const hash = derpMapHash(map);
    const latest = await latestDerpMapVersion(tx, userId);
    if (latest && latest.contentHash === hash) return { version: latest, created: false };
    const [version] = await tx
      .insert(derpMapVersions)
      .values({
        userId,
        version: (latest?.version ?? 0) + 1,
        content: map as unknown as Record<string, unknown>,
        contentHash: hash,
        reason,
        createdAt: now(),
      })
      .returning();
    return { version, created: true };
  });
}

/** The latest version, made now when the customer has none yet. */
export async function currentDerpMap(db: DbOrTx, userId: string): Promise<Regenerated> {
  const latest = await latestDerpMapVersion(db, userId);
  if (latest) return { version: latest, created: false };
  return regenerateDerpMap(db, userId, "first");
}
