import { closeDb, getDbHandle } from "./client";
import { runMigrations } from "./migrate";
import { seed } from "./seed";
import { describeStartupError } from "@/lib/startup-error";
import { logger } from "@/lib/logger";

/** `npm run db:migrate`: applies migrations and the first-run seed; exits non-zero on any failure. */
async function main() {
  const handle = await getDbHandle();
  await runMigrations(handle);
  await seed(handle.db);
  logger.info({ driver: handle.driver }, "database migrated");
}

main()
  .then(() => closeDb())
  .catch(async (e: unknown) => {
    console.error(describeStartupError(e));
    await closeDb().catch(() => undefined);
    process.exit(1);
  });
