import { mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";

/**
 * Backup files are named `derpmanagement-<UTC timestamp>.<kind>`: the name alone says when and which kind, and
 * the timestamp sorts as text, so "newest" needs no file dates (a copy between disks changes those).
 */
export type BackupKind = "pgdump" | "pglite.tar.gz";

const PREFIX = "derpmanagement-";
const NAME = /^derpmanagement-(\d{8}T\d{6}(?:\d{3})?Z)\.(pgdump|pglite\.tar\.gz)$/;

/** `2026-12-02T02:24:05.123Z` → `derpmanagement-20261202T022405123Z.pgdump` (milliseconds keep two runs apart). */
export function backupFileName(at: Date, kind: BackupKind): string {
  const stamp = at.toISOString().replace(/[-:]/g, "").replace(".", "");
  return `${PREFIX}${stamp}.${kind}`;
}

/** The backup files in `dir`, oldest first; other files are never touched. */
export function listBackups(dir: string, kind?: BackupKind): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
  return names
    .filter((n) => {
      const m = NAME.exec(n);
      return m !== null && (!kind || m[2] === kind);
    })
    .sort()
    .map((n) => path.join(dir, n));
}

export function newestBackup(dir: string, kind?: BackupKind): string | undefined {
  return listBackups(dir, kind).at(-1);
}

/** Keeps the newest `keep` backup files of `dir` and deletes the older ones; returns what it deleted. */
export function pruneBackups(dir: string, keep: number): string[] {
  const all = listBackups(dir);
  const doomed = all.slice(0, Math.max(0, all.length - keep));
  for (const file of doomed) rmSync(file);
  return doomed;
}

export function ensureBackupDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}
