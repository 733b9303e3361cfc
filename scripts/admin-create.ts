import { closeDb, getDbHandle } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { adminCreate, parseAdminCreateArgs } from "@/lib/accounts/admin-cli";
import { describeStartupError } from "@/lib/startup-error";

/**
 * `npm run admin:create -- <email>`. Uses the same database as the app (DATABASE_URL, or the embedded
 * PGlite folder: stop the app first, since PGlite allows one process).
 */
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const parsed = parseAdminCreateArgs(args);
  if ("error" in parsed) {
    console.error(parsed.error);
    return 2;
  }
  const handle = await getDbHandle();
  await runMigrations(handle);
  return adminCreate(handle.db, args, { log: (l) => console.log(l), error: (l) => console.error(l) });
}

main()
  .then(async (code) => {
    await closeDb();
    process.exit(code);
  })
  .catch(async (e: unknown) => {
    console.error(describeStartupError(e));
    await closeDb().catch(() => undefined);
    process.exit(1);
  });
