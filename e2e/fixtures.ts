import { readFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";

/**
 * Shared by playwright.config.ts (which hands these to e2e/serve.mjs) and the specs. No Playwright imports
 * here, so the config can load this file.
 */

/** The administrator the e2e server seeds (ADMIN_EMAIL/ADMIN_PASSWORD); specs log in with these. */
export const E2E_ADMIN_EMAIL = "admin@e2e.test";
export const E2E_ADMIN_PASSWORD = "e2e-Admin-Passw0rd!";

export const E2E_PORT = Number(process.env.E2E_PORT || 3210);
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;

/** Written by e2e/serve.mjs when the server starts, removed when it stops. */
export const E2E_STATE_FILE = path.resolve(process.cwd(), ".e2e-state.json");

export interface E2eState {
  baseURL: string;
  /** The fresh Postgres database of this run; null when the server runs on PGlite (one process only). */
  databaseUrl: string | null;
  /** The temporary data folder (PGlite, generated secret) when no DATABASE_URL was given. */
  dataDir: string | null;
  startedAt: string;
}

export function e2eState(): E2eState {
  try {
    return JSON.parse(readFileSync(E2E_STATE_FILE, "utf8")) as E2eState;
  } catch (error) {
    throw new Error(`cannot read ${E2E_STATE_FILE}; is the e2e server (e2e/serve.mjs) running? ${String(error)}`);
  }
}

/**
 * Runs `fn` with a connection to the database the e2e server uses, e.g. to read the newest code in the
 * development outbox. Needs Postgres: PGlite cannot be opened by a second process while the server runs.
 */
export async function withE2eDatabase<T>(fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const { databaseUrl } = e2eState();
  if (!databaseUrl) {
    throw new Error("this spec reads the e2e database directly and needs DATABASE_URL (Postgres); PGlite allows one process");
  }
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end();
  }
}
