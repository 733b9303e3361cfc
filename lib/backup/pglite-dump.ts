import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * The embedded database (PGlite) is backed up as its data-dir dump, a tar.gz of the whole folder, and restored
 * by loading that into an empty folder. PGlite allows one process per folder, so both refuse while another
 * process has the folder open: PGlite keeps `postmaster.pid` there while open and removes it on close.
 */

export function pgliteInUse(dir: string): boolean {
  return existsSync(path.join(dir, "postmaster.pid"));
}

function refuseIfInUse(dir: string): void {
  if (pgliteInUse(dir)) {
    throw new Error(
      `the embedded database in ${dir} is in use (postmaster.pid is present): stop the app first. ` +
        "If the app is stopped and crashed before, start and stop it once so the database is closed cleanly.",
    );
  }
}

/** Writes the dump of an open PGlite (the running app's own, from the worker) to `file`. */
export async function writePgliteDump(dump: () => Promise<Blob>, file: string): Promise<void> {
  const blob = await dump();
  writeFileSync(file, Buffer.from(await blob.arrayBuffer()), { mode: 0o600 });
}

/** Opens the folder (the app stopped), writes its dump to `file` and closes it. */
export async function dumpPgliteDir(dir: string, file: string): Promise<void> {
  refuseIfInUse(dir);
  if (!existsSync(path.join(dir, "PG_VERSION"))) throw new Error(`${dir} holds no embedded database`);
  const { PGlite } = await import("@electric-sql/pglite");
  const pg = await PGlite.create(dir);
  try {
    await writePgliteDump(() => pg.dumpDataDir("gzip"), file);
  } finally {
    await pg.close();
  }
}

/**
 * Replaces the folder's database with the dump in `file`. The old folder is moved aside, not deleted
 * (`<dir>.before-restore-<time>`), so a wrong restore can be undone by moving it back; returns that path.
 */
export async function restorePgliteDir(file: string, dir: string, at: Date): Promise<string | undefined> {
  refuseIfInUse(dir);
  const dump = readFileSync(file);
  let movedTo: string | undefined;
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    movedTo = `${dir}.before-restore-${at.toISOString().replace(/[-:.]/g, "")}`;
    renameSync(dir, movedTo);
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const pg = await PGlite.create(dir, { loadDataDir: new Blob([dump]) });
  try {
    // Reading a catalog proves the loaded files form a database that starts, before anyone relies on it.
    await pg.query("select count(*) from pg_class");
  } finally {
    await pg.close();
  }
  return movedTo;
}
