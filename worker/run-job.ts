import type { Db, DbHandle } from "@/db/client";
import { now } from "@/lib/clock";
import { writeSystemLog } from "@/lib/logs/system-log";
import { observeJobRun } from "@/lib/metrics/jobs";
import { withLeaderLock } from "./lock";

export interface JobContext {
  db: Db;
  /** The clock's time when the run started; jobs compare against it rather than reading the clock again. */
  startedAt: Date;
  /** The whole handle, for the few jobs that need more than queries (the backup dumps an embedded PGlite). */
  handle?: DbHandle;
}

/** A job returns a small summary (counts), stored with its system-log entry. */
export type Job = (ctx: JobContext) => Promise<Record<string, unknown> | void>;

export type RunOutcome = "ok" | "failed" | "skipped";

/**
 * Runs one job under the leader lock and writes exactly one system-log entry for the run: job, start,
 * duration, outcome, summary or error. A run skipped because another worker holds the lock is logged at
 * debug level so the log shows which process did the work.
 */
export async function runJob(handle: DbHandle, name: string, job: Job): Promise<RunOutcome> {
  const startedAt = now();
  const t0 = performance.now();
  let summary: Record<string, unknown> | undefined;
  let error: unknown = null;
  const ran = await withLeaderLock(handle, name, async () => {
    try {
      summary = (await job({ db: handle.db, startedAt, handle })) ?? undefined;
    } catch (e) {
      error = e;
    }
  }).catch((e: unknown) => {
    // The lock itself failed (database gone): that is a failed run, not a skipped one.
    error = e;
    return true;
  });
  const durationMs = Math.round(performance.now() - t0);
  const outcome: RunOutcome = !ran ? "skipped" : error ? "failed" : "ok";
  // Wall-clock time, not the injectable clock: Prometheus compares it with its own time().
  observeJobRun(name, outcome, durationMs / 1000, new Date());
  const context = {
    job: name,
    startedAt: startedAt.toISOString(),
    durationMs,
    outcome,
    pid: process.pid,
    ...(summary ? { summary } : {}),
    ...(error ? { error: error instanceof Error ? error.message : String(error) } : {}),
  };
  await writeSystemLog(handle.db, {
    level: outcome === "failed" ? "error" : outcome === "skipped" ? "debug" : "info",
    source: "worker",
    message: `job ${name} ${outcome}`,
    context,
  });
  return outcome;
}
