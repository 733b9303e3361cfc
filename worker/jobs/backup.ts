import { statSync } from "node:fs";
import path from "node:path";
import { backupDatabase } from "@/lib/backup/backup";
import { backupFileName, ensureBackupDir, pruneBackups } from "@/lib/backup/files";
import { writePgliteDump } from "@/lib/backup/pglite-dump";
import { env } from "@/lib/env";
import type { Job } from "../run-job";

/**
 * The daily backup (BACKUP_SCHEDULE): one file into BACKUP_DIR, then only the newest BACKUP_RETENTION_COUNT
 * are kept. runJob writes the run's system-log line with this summary. In embedded mode the worker runs in the
 * app's process, which holds the PGlite folder, so the dump comes from that open instance.
 */
export const backup: Job = async ({ startedAt, handle }) => {
  const e = env();
  let file: string;
  if (e.DATABASE_URL) {
    file = await backupDatabase({ url: e.DATABASE_URL, pgliteDir: e.pgliteDir, backupDir: e.backupDir }, startedAt);
  } else {
    if (!handle?.dumpDataDir) throw new Error("the embedded database cannot be dumped from this process");
    ensureBackupDir(e.backupDir);
    file = path.join(e.backupDir, backupFileName(startedAt, "pglite.tar.gz"));
    await writePgliteDump(handle.dumpDataDir, file);
  }
  const pruned = pruneBackups(e.backupDir, e.BACKUP_RETENTION_COUNT);
  return { file, bytes: statSync(file).size, pruned: pruned.map((p) => path.basename(p)) };
};
