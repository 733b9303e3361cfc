import postgres from "postgres";
import type { DbHandle } from "@/db/client";

const runningInProcess = new Set<string>();

/**
 * Runs `fn` only if no other worker is running the job `name` right now; returns false when it was skipped.
 *
 * On Postgres the lock is a session-level advisory lock on a connection of its own, opened for this run and
 * closed after it: the worker's pool (a few connections) stays free for the jobs' queries however many jobs
 * overlap. The lock is released explicitly when the run ends, and by Postgres when the connection drops, so a
 * crashed worker can never block the others. PGlite serves a single process, where an in-process guard is the
 * whole story.
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
  if (!handle.url) throw new Error("the worker's lock needs the database URL of its handle");
  const key = `derp-job:${name}`;
  // One connection that is never recycled while the run lasts (0 turns both timers off): a new connection
  // would not hold the lock.
  const lockConnection = postgres(handle.url, {
    max: 1,
    idle_timeout: 0,
    max_lifetime: 0,
    fetch_types: false,
    connect_timeout: 10,
    onnotice: () => {},
    connection: { application_name: "derpmanagement-lock" },
  });
  try {
    const [row] = await lockConnection<{ locked: boolean }[]>`select pg_try_advisory_lock(hashtext(${key})) as locked`;
    if (!row?.locked) return false;
    try {
      await fn();
      return true;
    } finally {
      // Closing the connection below releases it too; unlocking first says so without relying on it.
      await lockConnection`select pg_advisory_unlock(hashtext(${key}))`.catch(() => undefined);
    }
  } finally {
    await lockConnection.end({ timeout: 5 });
  }
}
