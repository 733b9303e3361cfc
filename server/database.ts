import { configureDb, getDbHandle, type DbHandle, type DbRole } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { env } from "@/lib/env";

/**
 * Points the process's one database (getDb) at what the environment names: DATABASE_URL with the pool size of
 * the role, or PGlite in the data folder. The environment is read when the database is first opened.
 */
export function configureDatabase(role: DbRole): void {
  configureDb(() => {
    const e = env();
    return {
      url: e.DATABASE_URL,
      poolMax: role === "worker" ? e.WORKER_DB_POOL_MAX : e.DB_POOL_MAX,
      pgliteDir: e.pgliteDir,
      role,
    };
  });
}

/** Configures the process's database, opens it and applies the committed migrations. */
export async function openMigratedDatabase(role: DbRole): Promise<DbHandle> {
  configureDatabase(role);
  const handle = await getDbHandle();
  await runMigrations(handle);
  return handle;
}
