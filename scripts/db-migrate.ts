import { logger } from "@/lib/logger";
import { runCommand } from "@/server/command";
import { openMigratedDatabase } from "@/server/database";
import { seed } from "@/server/seed";

/** `npm run db:migrate`: applies migrations and the first-run seed; exits non-zero on any failure. */
runCommand(async () => {
  const handle = await openMigratedDatabase("app");
  await seed(handle.db);
  logger.info({ driver: handle.driver }, "database migrated");
});
