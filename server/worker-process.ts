import { closeDb } from "@/db/client";
import { startDatabaseWatch } from "@/lib/alerts/database-watch";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { startWorkerMetricsServer } from "@/lib/metrics/worker-server";
import { runJob } from "@/worker/run-job";
import { findSchedule, schedules, startSchedules } from "@/worker/schedules";
import { openMigratedDatabase } from "./database";
import { describeStartupError } from "./startup-error";

/**
 * `npm run worker` (worker/index.ts): the schedules as their own process, against Postgres.
 * `npm run worker -- --once <job>` runs one job now and exits (non-zero if it failed).
 */
async function main(argv: string[]) {
  if (env().embedded) {
    throw new Error(
      "DATABASE_URL is not set: the embedded database serves one process, so the schedules run inside the server (npm start).",
    );
  }
  const handle = await openMigratedDatabase("worker");

  const onceIndex = argv.indexOf("--once");
  if (onceIndex >= 0) {
    const name = argv[onceIndex + 1];
    const schedule = name ? findSchedule(name) : undefined;
    if (!schedule) throw new Error(`unknown job "${name}"; jobs: ${schedules.map((s) => s.name).join(", ")}`);
    const outcome = await runJob(handle, schedule.name, schedule.job);
    await closeDb();
    process.exit(outcome === "failed" ? 1 : 0);
  }

  const running = startSchedules(handle);
  // The one alert the alerts job cannot raise: its own database gone (README, "Alerts"). Embedded PGlite lives
  // inside the server process, so only this separate worker watches.
  const watch = startDatabaseWatch(handle.db, env().ALERT_INTERVAL_SECONDS * 1000);
  const port = env().WORKER_METRICS_PORT;
  const metricsServer = port ? await startWorkerMetricsServer(port) : null;
  const shutdown = async (signal: string) => {
    logger.info({ signal }, "worker stopping");
    watch.stop();
    metricsServer?.close();
    await running.stop();
    await closeDb();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

export function runWorkerProcess(argv: string[]): void {
  main(argv).catch(async (e: unknown) => {
    console.error(describeStartupError(e));
    await closeDb().catch(() => undefined);
    process.exit(1);
  });
}
