import { sql } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { queryRows } from "@/db/client";

const runningInProcess = new Set<string>();

/**
 * Runs `fn` only if no other worker is running the job `name` right now; returns false when it was skipped.
 *
 * On Postgres the lock is a transaction-level advisory lock held by an open transaction for as long as the
 * job runs: if the process dies, its connection drops and Postgres releases the lock, so a dead worker can
 * never block the others. The job itself uses the pool, not that transaction, so its writes commit as it goes.
 * PGlite serves a single process, where an in-process guard is the whole story.
 */
export async function withLeaderLock(handle: DbHandle, name: string, fn: () => Promise<void>): Promise<boolean> {
  if (handle.driver === "pglite") {
    if (runningInProcess.has(name)) return false;
    runningInProcess.add(name);
    try {
      await fn();
      return true;
    } finally {
      runningInProcess.delete(name);
    }
  }
  return handle.db.transaction(async (tx) => {
    const [row] = await queryRows<{ locked: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(hashtext(${"derp-job:" + name})) as locked`,
    );
    if (!row?.locked) return false;
    await fn();
    return true;
  });
}
