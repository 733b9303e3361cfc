import { restoreDatabase } from "@/lib/backup/backup";
import { env } from "@/lib/env";
import { runCommand } from "@/server/command";

/**
 * `npm run restore [-- <file>]`: restores the file, or the newest backup in BACKUP_DIR. Stop the app and the
 * worker first: on Postgres they would keep writing into a database being replaced; on PGlite the command
 * refuses while the folder is in use.
 */
runCommand(async () => {
  const e = env();
  const args = process.argv.slice(2);
  if (args.length > 1 || args[0]?.startsWith("-")) {
    console.error("usage: npm run restore [-- <backup file>]");
    return 2;
  }
  const result = await restoreDatabase({ url: e.DATABASE_URL, pgliteDir: e.pgliteDir, backupDir: e.backupDir }, new Date(), args[0]);
  console.log(`restored from ${result.file}`);
  if (result.movedTo) console.log(`the replaced embedded database was moved to ${result.movedTo}`);
});
