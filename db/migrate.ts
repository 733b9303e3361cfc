import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { type DbHandle, queryRows } from "./client";

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

// Any constant works; it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK_KEY = 727_001;

/**
 * Applies the committed migrations. On Postgres, a session advisory lock makes replicas that start together
 * take turns instead of racing; the migrator itself runs each migration in a transaction.
 */
export async function runMigrations(handle: DbHandle): Promise<void> {
  if (handle.driver === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    return;
  }
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  await handle.db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
  try {
    await migrate(handle.db, { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await handle.db.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
  }
}

interface Journal {
  entries: { idx: number; when: number; tag: string }[];
}

function latestCommittedMigration(): number {
  const journal = JSON.parse(
    readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8"),
  ) as Journal;
  return Math.max(0, ...journal.entries.map((e) => e.when));
}

/** "current" when the newest committed migration has been applied, "pending" otherwise. */
export async function migrationStatus(handle: DbHandle): Promise<"current" | "pending"> {
  const rows = await queryRows<{ created_at: string | number | null }>(
    handle.db,
    sql`select max(created_at) as created_at from drizzle.__drizzle_migrations`,
  ).catch((e: unknown) => {
    // The bookkeeping table does not exist before the first migration: that is "pending", not an error.
    if (String((e as { code?: string }).code) === "42P01" || /does not exist/.test(String(e))) return [];
    throw e;
  });
  const applied = Number(rows[0]?.created_at ?? 0);
  return applied >= latestCommittedMigration() ? "current" : "pending";
}
