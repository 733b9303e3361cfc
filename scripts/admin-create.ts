import { adminCreate, parseAdminCreateArgs } from "@/lib/accounts/admin-cli";
import { runCommand } from "@/server/command";
import { openMigratedDatabase } from "@/server/database";

/**
 * `npm run admin:create -- <email>`. Uses the same database as the app (DATABASE_URL, or the embedded
 * PGlite folder: stop the app first, since PGlite allows one process).
 */
runCommand(async () => {
  const args = process.argv.slice(2);
  const parsed = parseAdminCreateArgs(args);
  if ("error" in parsed) {
    console.error(parsed.error);
    return 2;
  }
  const handle = await openMigratedDatabase("app");
  return adminCreate(handle.db, args, { log: (l) => console.log(l), error: (l) => console.error(l) });
});
