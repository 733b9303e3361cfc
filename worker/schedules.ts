import cron, { type ScheduledTask } from "node-cron";
import type { DbHandle } from "@/db/client";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { retention } from "./jobs/retention";
import { runJob, type Job } from "./run-job";

interface Schedule {
  name: string;
  /** node-cron expression (seconds field optional), evaluated in WORKER_TIMEZONE. */
  cron: string;
  job: Job;
  /** Also run once shortly after start, so a fresh install shows the job working. */
  runOnStart?: boolean;
}

/** Every schedule of the worker, in one list. */
export const schedules: Schedule[] = [
  { name: "retention", cron: "17 3 * * *", job: retention, runOnStart: true },
];

export function findSchedule(name: string): Schedule | undefined {
  return schedules.find((s) => s.name === name);
}

export interface RunningSchedules {
  stop(): Promise<void>;
}

export function startSchedules(handle: DbHandle, startDelayMs = 3000): RunningSchedules {
  const timezone = env().WORKER_TIMEZONE;
  const inFlight = new Set<Promise<unknown>>();
  const launch = (s: Schedule) => {
    const p = runJob(handle, s.name, s.job).finally(() => inFlight.delete(p));
    inFlight.add(p);
    return p;
  };
  const tasks: ScheduledTask[] = schedules.map((s) =>
    cron.schedule(s.cron, () => launch(s), { name: s.name, timezone, noOverlap: true }),
  );
  const startTimer = setTimeout(() => schedules.filter((s) => s.runOnStart).forEach(launch), startDelayMs);
  logger.info({ jobs: schedules.map((s) => s.name), timezone }, "worker schedules started");
  return {
    async stop() {
      clearTimeout(startTimer);
      await Promise.all(tasks.map((t) => t.stop()));
      await Promise.allSettled([...inFlight]);
    },
  };
}
