import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { and, eq, gte } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import { systemLog } from "@/db/schema";
import { testDb } from "../helpers/db";

const run = promisify(execFile);
const root = path.resolve(__dirname, "../..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");

/** Runs a CLI entry point as its own process, the way an operator would, and returns its exit and output. */
async function cli(args: string[], env: Record<string, string | undefined>) {
  const clean = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete clean[k];
  try {
    const { stdout, stderr } = await run(tsx, args, { cwd: root, env: clean, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe("start-up failures", () => {
  it("stops with one clear line when DATABASE_URL cannot be reached", async () => {
    const r = await cli(["scripts/db-migrate.ts"], { DATABASE_URL: "postgres://postgres@127.0.0.1:1/nothing" });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/cannot reach the database at 127\.0\.0\.1:1 \(ECONNREFUSED\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("names a malformed variable", async () => {
    const r = await cli(["scripts/db-migrate.ts"], { DATABASE_URL: undefined, LOG_RETENTION_DAYS: "forever" });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Invalid environment variable LOG_RETENTION_DAYS/);
  });

  it("refuses to run the worker process on the embedded database", async () => {
    const r = await cli(["worker/index.ts"], { DATABASE_URL: undefined, PGLITE_DIR: "memory://" });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/DATABASE_URL is not set/);
  });
});

describe("npm run worker", () => {
  const url = inject("testDatabaseUrl");

  it.runIf(url)("runs the retention job against Postgres as its own process", async () => {
    const since = new Date();
    const r = await cli(["worker/index.ts", "--once", "retention"], { DATABASE_URL: url });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const { db } = await testDb();
    const rows = await db
      .select()
      .from(systemLog)
      .where(and(eq(systemLog.message, "job retention ok"), gte(systemLog.at, since)));
    expect(rows.length).toBeGreaterThanOrEqual(1);
  });
});
