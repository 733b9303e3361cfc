import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import postgres from "postgres";
import { openPostgres } from "@/db/client";
import { runMigrations } from "@/db/migrate";

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
  const name = `derp_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const handle = openPostgres(url.toString(), 1, "migrate");
  await runMigrations(handle);
  await handle.close();
  project.provide("testDatabaseUrl", url.toString());
  console.log(`\n[tests] Postgres database ${name} created and migrated.\n`);

  return async () => {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  };
}
