import type { TestProject } from "vitest/node";
import { openPostgres } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { createScratchDatabase } from "@/db/scratch-database";

declare module "vitest" {
  export interface ProvidedContext {
    /** A fresh, migrated database for this run; empty when tests use PGlite. */
    testDatabaseUrl: string;
  }
}

/**
 * With DATABASE_URL set, every run gets its own freshly created and migrated Postgres database, dropped at
 * the end, so runs never see each other's rows. Without it, each test file uses an in-memory PGlite.
 */
export default async function setup(project: TestProject) {
  const base = process.env.DATABASE_URL;
  if (!base) {
    console.warn("\n[tests] DATABASE_URL is not set: integration tests run on in-memory PGlite.\n");
    project.provide("testDatabaseUrl", "");
    return;
  }
  const scratch = await createScratchDatabase(base, "derp_test");
  const handle = openPostgres(scratch.url, 1, "migrate");
  await runMigrations(handle);
  await handle.close();
  project.provide("testDatabaseUrl", scratch.url);
  console.log(`\n[tests] Postgres database ${scratch.name} created and migrated.\n`);

  return () => scratch.drop();
}
