import { runAlerts } from "@/lib/alerts/run-alerts";
import type { ExpectedJob } from "@/lib/alerts/types";
import type { Job } from "../run-job";

/**
 * In-app alerts (lib/alerts): evaluates the rules against the database and sends one message per alert that
 * started or resolved. `jobs` are the schedules whose runs the stale-job rule checks (given by worker/schedules.ts,
 * which knows their periods). A rule that could not be evaluated fails the run after the others are done.
 */
export function alertsJob(jobs: () => ExpectedJob[]): Job {
  return async ({ db, startedAt }) => {
    const summary = await runAlerts(db, startedAt, jobs());
    if (summary.failedRules.length) throw new Error(`alert rules failed: ${summary.failedRules.join("; ")}`);
    const { failedRules: _failed, ...counts } = summary;
    return counts;
  };
}
