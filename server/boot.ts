import { closeDb } from "@/db/client";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { writeSystemLog } from "@/lib/logs/system-log";
import { openMigratedDatabase } from "./database";
import { seed } from "./seed";
import { describeStartupError } from "./startup-error";

const globalForBoot = globalThis as unknown as { __derpBooted?: boolean };

/**
 * Server start-up (instrumentation.ts): migrate, seed, and in the embedded mode start the worker's schedules
 * in this process. Any failure here (bad environment, unreachable database, failed migration) stops the
 * process with one clear line instead of serving a half-working app.
 */
export async function boot(): Promise<void> {
  if (globalForBoot.__derpBooted) return;
  globalForBoot.__derpBooted = true;
  try {
    const e = env();
    const handle = await openMigratedDatabase("app");
    await seed(handle.db);
    logger.info({ driver: handle.driver, url: e.APP_URL }, "database ready");
    if (e.NODE_ENV === "production" && !e.embedded && !e.RESEND_API_KEY) {
      // The outbox is for development: in it, admins can read every customer's verification and reset codes.
      await writeSystemLog(handle.db, {
        level: "warn",
        source: "mail",
        message: "RESEND_API_KEY is not set: mail is kept in the development outbox instead of being sent",
      });
    }
    if (e.ADMISSION_PORT) {
      const [{ serveAdmission }, { admissionService }] = await Promise.all([
        import("@/lib/devices/admission-server"),
        import("@/lib/devices/admission-http"),
      ]);
      await serveAdmission(admissionService(), e.ADMISSION_PORT);
      logger.info({ port: e.ADMISSION_PORT }, "admission endpoint listening");
    }
    if (e.runEmbeddedWorker) {
      const { startSchedules } = await import("@/worker/schedules");
      const running = startSchedules(handle);
      const stop = async () => {
        await running.stop();
        await closeDb();
        process.exit(0);
      };
      process.once("SIGTERM", () => void stop());
      process.once("SIGINT", () => void stop());
    }
  } catch (err) {
    console.error(describeStartupError(err));
    process.exit(1);
  }
}
