import { closeDb, getDbHandle, setDbRole } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { describeStartupError } from "@/lib/startup-error";
import { runJob } from "./run-job";
import { findSchedule, schedules, startSchedules } from "./schedules";

/**
 * `npm run worker`: the schedules as their own process, against Postgres.
 * `npm run worker -- --once <job>` runs one job now and exits (non-zero if it failed).
 */
async function main() {
  setDbRole("worker");
  if (env().embedded) {
    throw new Error(
      "DATABASE_URL is not set: the embedded database serves one process, so the schedules run inside the server (npm start).",
    );
  }
  const handle = await getDbHandle();
  await runMigrations(handle);

  const onceIndex = process.argv.indexOf("--once");
  if (onceIndex >= 0) {
    const name = process.argv[onceIndex + 1];
    const schedule = name ? findSchedule(name) : undefined;
    if (!schedule) throw new Error(`unknown job "${name}"; jobs: ${schedules.map((s) => s.name).join(", ")}`);
    const outcome = await runJob(handle, schedule.name, schedule.job);
    await closeDb();
    process.exit(outcome === "failed" ? 1 : 0);
  }

  const running = startSchedules(handle);
  const shutdown = async (signal: string) => {
    logger.info({ signal }, "worker stopping");
    await running.stop();
    await closeDb();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

main().catch(async (e: unknown) => {
  console.error(describeStartupError(e));
  await closeDb().catch(() => undefined);
  process.exit(1);
});
