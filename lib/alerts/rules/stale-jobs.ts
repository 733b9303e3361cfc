import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import type { RuleFn } from "../types";

/** A job is stale when it has not succeeded for this many of its periods. */
export const STALE_AFTER_PERIODS = 3;

/**
 * A worker job with no successful run (worker/run-job.ts writes one system-log entry per run) in its last three
 * periods. Only counted when the worker was already logging in the window before that one (it has been running
 * for longer than three periods), so a fresh install, a daily job that has not had its first day yet, or a worker
 * just back from a long stop does not fire.
 */
export const jobStale: RuleFn = async ({ db, now, jobs }) => {
  const findings = [];
  for (const job of jobs) {
    const windowSeconds = STALE_AFTER_PERIODS * job.periodSeconds;
    const cutoff = new Date(now.getTime() - windowSeconds * 1000).toISOString();
    const window = `${windowSeconds} seconds`;
    const [row] = await queryRows<{ succeeded: boolean; worker_older: boolean; last_ok: Date | string | null }>(db, sql`
      select
        exists (select 1 from system_log where source = 'worker' and at >= ${cutoff}::timestamptz
                and context->>'job' = ${job.name} and context->>'outcome' = 'ok') as succeeded,
        exists (select 1 from system_log where source = 'worker' and at < ${cutoff}::timestamptz
                and at >= ${cutoff}::timestamptz - ${window}::interval) as worker_older,
        (select max(at) from system_log where source = 'worker' and context->>'job' = ${job.name}
           and context->>'outcome' = 'ok' and at < ${cutoff}::timestamptz
           and at >= ${cutoff}::timestamptz - interval '7 days') as last_ok
    `);
    if (row.succeeded || !row.worker_older) continue;
    findings.push({
      rule: "job_stale" as const,
      subject: job.name,
      details: { job: job.name, periodSeconds: job.periodSeconds, lastSuccess: row.last_ok ? new Date(row.last_ok).toISOString() : null },
    });
  }
  return findings;
};
