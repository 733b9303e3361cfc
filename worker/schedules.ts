import cron, { type ScheduledTask } from "node-cron";
import type { DbHandle } from "@/db/client";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { announceSchedule } from "@/lib/metrics/jobs";
import { alertsJob } from "./jobs/alerts";
import { backup } from "./jobs/backup";
import { containersReconcile } from "./jobs/containers-reconcile";
import { controlSync } from "./jobs/control-sync";
import { derpMapRepair } from "./jobs/derp-map-repair";
import { fleetHealth } from "./jobs/fleet-health";
import { fleetLatency } from "./jobs/fleet-latency";
import { fleetRollups } from "./jobs/fleet-rollups";
import { rentalLifecycle } from "./jobs/rental-lifecycle";
import { retention } from "./jobs/retention";
import { trafficSample } from "./jobs/traffic-sample";
import { runJob, type Job } from "./run-job";

interface Schedule {
  name: string;
  /**
   * node-cron expression (seconds field optional), evaluated in WORKER_TIMEZONE; a function when it comes from
   * the environment, read when the schedules start (importing this file validates nothing).
   */
  cron: string | (() => string);
  job: Job;
  /** Also run once shortly after start, so a fresh install shows the job working. */
  runOnStart?: boolean;
  /** Read when the schedules start; a schedule that says false is not started at all. */
  enabled?: () => boolean;
}

/** Every schedule of the worker, in one list. */
export const schedules: Schedule[] = [
  { name: "retention", cron: "17 3 * * *", job: retention, runOnStart: true },
  { name: "fleet-health", cron: () => everySeconds(env().FLEET_HEALTH_INTERVAL_SECONDS), job: fleetHealth, runOnStart: true },
  { name: "fleet-latency", cron: () => everySeconds(env().FLEET_LATENCY_INTERVAL_SECONDS), job: fleetLatency },
  // Every 10 minutes: the current hour and day are partial buckets, recomputed until they end.
  { name: "fleet-rollups", cron: "40 */10 * * * *", job: fleetRollups },
  { name: "rental-lifecycle", cron: () => everySeconds(env().RENTAL_JOB_INTERVAL_SECONDS), job: rentalLifecycle, runOnStart: true },
  // After start too: containers that vanished or strayed while the platform was down are put right at once.
  { name: "containers-reconcile", cron: () => everySeconds(env().RECONCILE_INTERVAL_SECONDS), job: containersReconcile, runOnStart: true },
  { name: "traffic-sample", cron: () => everySeconds(env().TRAFFIC_SAMPLE_INTERVAL_SECONDS), job: trafficSample },
  // Relay changes regenerate maps as they happen; this only catches what went around them.
  // Every 10 minutes: a node deleted on the customer's control server loses relay access within that.
  { name: "control-sync", cron: "25 */10 * * * *", job: controlSync },
  { name: "derp-map-repair", cron: "50 7,22,37,52 * * * *", job: derpMapRepair, runOnStart: true },
  // Daily at a quiet hour, before retention (03:17) deletes anything; off unless BACKUP_SCHEDULE is set.
  { name: "backup", cron: "0 45 2 * * *", job: backup, enabled: () => env().BACKUP_SCHEDULE },
  // Alerts check every other schedule (and itself: a stuck alerts job is seen by the next run that works).
  { name: "alerts", cron: () => everySeconds(env().ALERT_INTERVAL_SECONDS), job: alertsJob(expectedJobs) },
];

/**
 * A six-field cron expression repeating every `seconds`, which must divide a minute, or be whole minutes that
 * divide an hour; lib/env.ts accepts only such intervals.
 */
export function everySeconds(seconds: number): string {
  if (seconds <= 60 && 60 % seconds === 0) return seconds === 60 ? "0 * * * * *" : `*/${seconds} * * * * *`;
  const minutes = seconds / 60;
  if (Number.isInteger(minutes) && 60 % minutes === 0) return minutes === 60 ? "0 0 * * * *" : `0 */${minutes} * * * *`;
  throw new Error(`no cron expression repeats every ${seconds} s`);
}

/** The started schedules and their periods (read from their cron expressions), for the stale-job alert. */
export function expectedJobs(): { name: string; periodSeconds: number }[] {
  const timezone = env().WORKER_TIMEZONE;
  return schedules
    .filter((s) => s.enabled?.() ?? true)
    .map((s) => ({ name: s.name, periodSeconds: scheduleIntervalSeconds(cronOf(s), timezone) }));
}

function cronOf(s: Schedule): string {
  return typeof s.cron === "function" ? s.cron() : s.cron;
}

export function findSchedule(name: string): Schedule | undefined {
  return schedules.find((s) => s.name === name);
}

export interface RunningSchedules {
  stop(): Promise<void>;
}

export function startSchedules(handle: DbHandle, startDelayMs = 3000): RunningSchedules {
  const timezone = env().WORKER_TIMEZONE;
  const active = schedules.filter((s) => s.enabled?.() ?? true);
  const inFlight = new Set<Promise<unknown>>();
  const launch = (s: Schedule) => {
    const p = runJob(handle, s.name, s.job).finally(() => inFlight.delete(p));
    inFlight.add(p);
    return p;
  };
  const tasks: ScheduledTask[] = active.map((s) => {
    const expression = cronOf(s);
    announceSchedule(s.name, scheduleIntervalSeconds(expression, timezone));
    return cron.schedule(expression, () => launch(s), { name: s.name, timezone, noOverlap: true });
  });
  const startTimer = setTimeout(() => active.filter((s) => s.runOnStart).forEach(launch), startDelayMs);
  logger.info({ jobs: active.map((s) => s.name), timezone }, "worker schedules started");
  return {
    async stop() {
      clearTimeout(startTimer);
      await Promise.all(tasks.map((t) => t.stop()));
      await Promise.allSettled([...inFlight]);
    },
  };
}

/**
 * The longest gap between the next few runs of a cron expression, in seconds: 900 for a job at :07, :22, :37
 * and :52, 86 400 for a daily one. The "not succeeded for 3 intervals" alerts (Prometheus and in-app) use it.
 */
export function scheduleIntervalSeconds(expression: string, timezone = "UTC"): number {
  const task = cron.createTask(expression, () => undefined, { timezone });
  try {
    const runs = task.getNextRuns(5).map((d) => d.getTime());
    let longest = 0;
    for (let i = 1; i < runs.length; i++) longest = Math.max(longest, runs[i] - runs[i - 1]);
    return longest / 1000;
  } finally {
    void task.destroy();
  }
}
