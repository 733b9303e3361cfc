import type { TestProject } from "vitest/node";
import Docker from "dockerode";
import { sql } from "drizzle-orm";
import { openPostgres, queryRows } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { createScratchDatabase } from "@/db/scratch-database";
import { removeRelayContainersOf } from "./helpers/relay-containers";

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

  return async () => {
    await removeRelayContainersOfRun(scratch.url);
    await scratch.drop();
  };
}

/**
 * A safety net for relay containers: any route or job run against this database (the health check creates
 * canaries on enabled servers that reach the local engine) may have started one. Containers and key volumes
 * labelled with a server id of this run's database are removed before it is dropped.
 */
async function removeRelayContainersOfRun(url: string): Promise<void> {
  const handle = openPostgres(url, 1, "teardown");
  try {
    const rows = await queryRows<{ id: string }>(handle.db, sql`select id from servers`);
    if (rows.length === 0) return;
    const docker = new Docker({ timeout: 10_000 });
    await docker.ping().catch(() => {
      throw new Error("no engine");
    });
    await removeRelayContainersOf(docker, rows.map((r) => r.id));
  } catch {
    // No engine or no table: nothing of ours to remove.
  } finally {
    await handle.close();
  }
}
