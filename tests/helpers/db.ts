import { getDbHandle, type DbHandle } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import type { SessionUser } from "@/lib/auth/current-user";

let ready: Promise<DbHandle> | undefined;

/**
 * The database this test process uses (the same one route handlers reach through getDb()). On PGlite the
 * in-memory database is migrated on first use; on Postgres the global setup already migrated it.
 */
export function testDb(): Promise<DbHandle> {
  ready ??= getDbHandle().then(async (handle) => {
    if (handle.driver === "pglite") await runMigrations(handle);
    return handle;
  });
  return ready;
}

/** A unique suffix so that tests sharing one Postgres database never collide on unique columns. */
export function unique(prefix = "t"): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** An admin as lib functions see one, for reading logs in tests (no database row needed). */
export const testAdmin: SessionUser = {
  id: "00000000-0000-4000-8000-000000000001",
  email: "test-admin@example.com",
  role: "admin",
  locale: "en",
};
