import { backupDatabase } from "@/lib/backup/backup";
import { env } from "@/lib/env";
import { runCommand } from "@/server/command";

/**
 * `npm run backup`: one backup into BACKUP_DIR. Postgres (DATABASE_URL): pg_dump while the app runs.
 * Embedded PGlite: the app must be stopped (PGlite allows one process per folder); the command refuses otherwise.
 */
runCommand(async () => {
  const e = env();
  const file = await backupDatabase({ url: e.DATABASE_URL, pgliteDir: e.pgliteDir, backupDir: e.backupDir }, new Date());
  console.log(`backup written: ${file}`);
});
