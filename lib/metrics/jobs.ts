import { Counter, Gauge, Histogram } from "prom-client";
import { once, processRegistry } from "./registry";

/**
 * Worker job runs by job and outcome (ok, failed, skipped: another worker held the lock). The label is
 * `job_name`, not `job`: Prometheus sets `job` itself (the scrape job) and would rename ours.
 */
export const jobRuns = once(
  processRegistry,
  "dm_job_runs_total",
  () =>
    new Counter({
      name: "dm_job_runs_total",
      help: "Worker job runs by job and outcome (ok, failed, skipped when another worker holds the leader lock).",
      labelNames: ["job_name", "outcome"] as const,
      registers: [processRegistry],
    }),
);

export const jobDuration = once(
  processRegistry,
  "dm_job_duration_seconds",
  () =>
    new Histogram({
      name: "dm_job_duration_seconds",
      help: "Duration of worker job runs that ran (ok or failed), in seconds.",
      labelNames: ["job_name"] as const,
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers: [processRegistry],
    }),
);

export const jobLastSuccess = once(
  processRegistry,
  "dm_job_last_success_timestamp_seconds",
  () =>
    new Gauge({
      name: "dm_job_last_success_timestamp_seconds",
      help: "Unix time at which each job last finished successfully in this process.",
      labelNames: ["job_name"] as const,
      registers: [processRegistry],
    }),
);

/** The longest gap between two scheduled runs, so an alert can say "not succeeded for 3 intervals". */
export const jobInterval = once(
  processRegistry,
  "dm_job_interval_seconds",
  () =>
    new Gauge({
      name: "dm_job_interval_seconds",
      help: "Longest gap between two scheduled runs of each job, in seconds (set when the schedules start).",
      labelNames: ["job_name"] as const,
      registers: [processRegistry],
    }),
);

/** Jobs that have succeeded in this process: a schedule starting again does not reset their last success. */
const lastSuccessSet = new Set<string>();

export function observeJobRun(job: string, outcome: "ok" | "failed" | "skipped", seconds: number, finishedAt: Date): void {
  jobRuns.inc({ job_name: job, outcome });
  if (outcome === "skipped") return;
  jobDuration.observe({ job_name: job }, seconds);
  if (outcome === "ok") {
    jobLastSuccess.set({ job_name: job }, finishedAt.getTime() / 1000);
    lastSuccessSet.add(job);
  }
}

/**
 * A schedule has started: its interval is known, and its "last success" starts at now, so a job that never
 * succeeds after a start is noticed after three intervals instead of never having a series to alert on.
 */
export function announceSchedule(job: string, intervalSeconds: number): void {
  jobInterval.set({ job_name: job }, intervalSeconds);
  if (!lastSuccessSet.has(job)) jobLastSuccess.set({ job_name: job }, Date.now() / 1000);
}
