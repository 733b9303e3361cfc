#!/usr/bin/env node
// The e2e web server (started by playwright.config.ts). Gives every run a database of its own: with
// DATABASE_URL, a freshly created Postgres database (dropped when the server stops); without it, PGlite in a
// fresh temporary folder. Then `scripts/start.mjs` builds when the build is missing or older than the sources
// and serves with `next start`.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = process.env.E2E_PORT || "3210";
const appUrl = `http://localhost:${port}`;
const STALE_AFTER_MS = 12 * 60 * 60 * 1000;

for (const name of ["E2E_ADMIN_EMAIL", "E2E_ADMIN_PASSWORD"]) {
  if (!process.env[name]) {
    console.error(`e2e/serve.mjs: ${name} is not set; run the e2e tests through \`npx playwright test\`.`);
    process.exit(1);
  }
}

const env = {
  ...process.env,
  PORT: port,
  APP_URL: appUrl,
  ADMIN_EMAIL: process.env.E2E_ADMIN_EMAIL,
  ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD,
  // The run's own secret: nothing from a developer's data folder leaks in, and production mode has one.
  APP_SECRET: randomBytes(32).toString("base64url"),
  NEXT_DIST_DIR: process.env.NEXT_DIST_DIR || ".next-e2e",
  NEXT_TELEMETRY_DISABLED: "1",
  LOG_LEVEL: process.env.LOG_LEVEL || "warn",
  // The worker's schedules run inside the server in every mode, so the fleet spec sees the health and latency
  // jobs work; latency every 5 s so its charts fill within the test (the health check has a button).
  EMBEDDED_WORKER: "true",
  FLEET_LATENCY_INTERVAL_SECONDS: process.env.FLEET_LATENCY_INTERVAL_SECONDS || "5",
};
// next build/start set production themselves; an inherited NODE_ENV=test would confuse them.
delete env.NODE_ENV;

const cleanups = [];

if (process.env.DATABASE_URL) {
  const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
  await dropStaleDatabases(admin);
  const name = `derp_e2e_${Date.now()}_${randomBytes(3).toString("hex")}`;
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
  delete env.PGLITE_DIR;
  console.log(`[e2e] Postgres database ${name} created`);
  cleanups.push(async () => {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
    console.log(`[e2e] Postgres database ${name} dropped`);
  });
} else {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "derp-e2e-"));
  env.DATA_DIR = dataDir;
  env.PGLITE_DIR = path.join(dataDir, "pglite");
  console.log(`[e2e] PGlite in ${dataDir}`);
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
}

const child = spawn(process.execPath, [path.join(root, "scripts", "start.mjs")], { cwd: root, env, stdio: "inherit" });
// Playwright stops the server with SIGTERM (gracefulShutdown in playwright.config.ts); pass it on and clean
// up once the app has exited, so the database is no longer in use when it is dropped.
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", async (code, signal) => {
  let failed = false;
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      failed = true;
      console.error("[e2e] cleanup failed:", error);
    }
  }
  process.exit(failed ? 1 : (code ?? (signal ? 0 : 1)));
});

/** Databases of e2e runs that were killed before they could clean up (older than STALE_AFTER_MS). */
async function dropStaleDatabases(sql) {
  const rows = await sql`select datname from pg_database where datname like 'derp\\_e2e\\_%'`;
  for (const { datname } of rows) {
    const startedAt = Number(datname.split("_")[2]);
    if (Number.isFinite(startedAt) && Date.now() - startedAt > STALE_AFTER_MS) {
      await sql.unsafe(`drop database if exists "${datname}" with (force)`);
      console.log(`[e2e] dropped stale database ${datname}`);
    }
  }
}
