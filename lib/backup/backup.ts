import path from "node:path";
import { backupFileName, ensureBackupDir, newestBackup, type BackupKind } from "./files";
import { dumpPgliteDir, restorePgliteDir } from "./pglite-dump";
import { pgDump, pgRestore } from "./postgres-dump";

/** Where the database is (DATABASE_URL, else the PGlite folder) and where backups go. */
export interface BackupTarget {
  url?: string;
  pgliteDir: string;
  backupDir: string;
}

export function backupKind(target: Pick<BackupTarget, "url">): BackupKind {
  return target.url ? "pgdump" : "pglite.tar.gz";
}

/** Writes one backup of a stopped-or-Postgres database into the backup folder; returns its path. */
export async function backupDatabase(target: BackupTarget, at: Date): Promise<string> {
  ensureBackupDir(target.backupDir);
  const file = path.join(target.backupDir, backupFileName(at, backupKind(target)));
  if (target.url) await pgDump(target.url, file);
  else await dumpPgliteDir(target.pgliteDir, file);
  return file;
}

/**
 * Restores `file`, or the newest backup of the right kind in the backup folder. Returns the file used and,
 * for PGlite, where the replaced folder was moved.
 */
export async function restoreDatabase(target: BackupTarget, at: Date, file?: string): Promise<{ file: string; movedTo?: string }> {
  const chosen = file ?? newestBackup(target.backupDir, backupKind(target));
  if (!chosen) throw new Error(`no ${backupKind(target)} backup in ${target.backupDir}`);
  if (target.url) {
    await pgRestore(target.url, chosen);
    return { file: chosen };
  }
  return { file: chosen, movedTo: await restorePgliteDir(chosen, target.pgliteDir, at) };
}
