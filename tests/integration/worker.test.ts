import { spawn } from "node:child_process";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { inject } from "vitest";
import { describe, expect, it } from "vitest";
import { openPostgres, queryRows } from "@/db/client";
import { sessions, systemLog } from "@/db/schema";
import { querySystemLog } from "@/lib/logs/system-log";
import { retention } from "@/worker/jobs/retention";
import { runJob, type Job } from "@/worker/run-job";
import { createUser, testSession } from "../helpers/auth";
import { testAdmin, testDb, unique } from "../helpers/db";

const DAY = 24 * 60 * 60 * 1000;

/** Fails instead of hanging: a starved pool would otherwise only show as the test's own timeout. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
const root = path.resolve(__dirname, "../..");

describe("retention job", () => {
  it("deletes system-log rows older than the retention and logs its run", async () => {
    const handle = await testDb();
    const source = unique("old");
    await handle.db.insert(systemLog).values([
      { level: "info", source, message: "ancient", at: new Date(Date.now() - 400 * DAY) },
      { level: "info", source, message: "recent", at: new Date(Date.now() - 2 * DAY) },
    ]);
    expect(await runJob(handle, "retention", retention)).toBe("ok");

    const left = await handle.db.select().from(systemLog).where(eq(systemLog.source, source));
    expect(left.map((r) => r.message)).toEqual(["recent"]);
    const runs = await querySystemLog(handle.db, testAdmin, { source: "worker", q: "job retention ok", limit: 1 });
    expect(runs.items[0].context.summary).toHaveProperty("sessionsDeleted");
    expect(runs.items[0].context).toMatchObject({ job: "retention", outcome: "ok" });
    expect((runs.items[0].context.summary as { deleted: number }).deleted).toBeGreaterThanOrEqual(1);
  });

  it("deletes session rows that ended or went unused longer ago than a cookie lives, and keeps the others", async () => {
    const handle = await testDb();
    const user = await createUser(handle.db, { passwordHash: "unused" });
    const [live, idle, endedLongAgo, endedRecently] = await Promise.all([1, 2, 3, 4].map(() => testSession(user)));
    const old = new Date(Date.now() - 40 * DAY);
    await handle.db.update(sessions).set({ lastSeenAt: old }).where(eq(sessions.id, idle.sessionId));
    await handle.db.update(sessions).set({ endedAt: old, lastSeenAt: old }).where(eq(sessions.id, endedLongAgo.sessionId));
    await handle.db.update(sessions).set({ endedAt: new Date() }).where(eq(sessions.id, endedRecently.sessionId));
    expect(await runJob(handle, "retention", retention)).toBe("ok");
    const left = await handle.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, user.id));
    expect(left.map((r) => r.id).sort()).toEqual([live.sessionId, endedRecently.sessionId].sort());
  });

  it("records a failing job with its error", async () => {
    const handle = await testDb();
    const name = unique("boom");
    const failing: Job = async () => {
      throw new Error("disk on fire");
    };
    expect(await runJob(handle, name, failing)).toBe("failed");
    const [row] = await handle.db
      .select()
      .from(systemLog)
      .where(and(eq(systemLog.source, "worker"), eq(systemLog.message, `job ${name} failed`)));
    expect(row.level).toBe("error");
    expect(row.context).toMatchObject({ job: name, outcome: "failed", error: "disk on fire" });
  });
});

describe("leader lock", () => {
  const url = inject("testDatabaseUrl");

  it.runIf(url)("lets only one of two worker processes run a job at a time (Postgres)", async () => {
    // Two separate pools stand for two worker processes: they share nothing but the database.
    const a = openPostgres(url, 3, "worker-a");
    const b = openPostgres(url, 3, "worker-b");
    try {
      const name = unique("locked");
      let running = 0;
      let maxRunning = 0;
      let runs = 0;
      const slow: Job = async () => {
        running++;
        runs++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((r) => setTimeout(r, 400));
        running--;
      };
      const outcomes = await Promise.all([runJob(a, name, slow), runJob(b, name, slow)]);
      expect(outcomes.sort()).toEqual(["ok", "skipped"]);
      expect(runs).toBe(1);
      expect(maxRunning).toBe(1);

      // The lock is released with the run: the next run by the other worker goes ahead.
      expect(await runJob(b, name, slow)).toBe("ok");
      expect(runs).toBe(2);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it.runIf(url)("holds locks outside the pool: more overlapping jobs than pool connections all run their queries", async () => {
    const POOL = 2;
    const JOBS = 5;
    const handle = openPostgres(url, POOL, "worker-small");
    try {
      let started = 0;
      let everyoneStarted!: () => void;
      const allIn = new Promise<void>((resolve) => (everyoneStarted = resolve));
      let releaseJobs!: () => void;
      const go = new Promise<void>((resolve) => (releaseJobs = resolve));
      let queries = 0;
      const job: Job = async ({ db }) => {
        if (++started === JOBS) everyoneStarted();
        // Every job holds its lock until all of them do, then works through the pool.
        await go;
        for (let i = 0; i < 3; i++) {
          await db.execute(sql`select pg_sleep(0.01)`);
          queries++;
        }
      };
      const names = Array.from({ length: JOBS }, (_, i) => unique(`overlap-${i}`));
      const runs = Promise.all(names.map((name) => runJob(handle, name, job)));
      await within(allIn, 10_000, "starting every job");

      // All five locks are held at once, and the two-connection pool still answers anyone else.
      const [held] = await within(
        queryRows<{ n: number }>(
          handle.db,
          sql`select count(*)::int as n from pg_locks l join pg_stat_activity a on a.pid = l.pid
              where l.locktype = 'advisory' and l.granted and a.application_name = 'derpmanagement-lock'`,
        ),
        5_000,
        "a query beside the running jobs",
      );
      expect(held.n).toBeGreaterThanOrEqual(JOBS);

      releaseJobs();
      expect(await within(runs, 15_000, "the overlapping jobs")).toEqual(Array(JOBS).fill("ok"));
      expect(queries).toBe(JOBS * 3);
      // Each lock went with its run: the next run of every job goes ahead.
      for (const name of names) expect(await runJob(handle, name, async () => undefined)).toBe("ok");
    } finally {
      await handle.close();
    }
  });

  it.runIf(url)("releases the lock when the worker holding it is killed", async () => {
    const b = openPostgres(url, 3, "worker-b");
    const name = unique("crash");
    // `node --import tsx` keeps it one process, so SIGKILL reaches the one holding the connection.
    const holder = spawn(process.execPath, ["--import", "tsx", "tests/helpers/hold-lock.ts", url, name], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("holding") && resolve());
        holder.once("exit", (code) => reject(new Error(`lock holder exited early (${code})`)));
      });
      expect(await runJob(b, name, async () => undefined)).toBe("skipped");

      holder.kill("SIGKILL");
      await new Promise((r) => holder.once("exit", r));
      // Postgres ends the dead backend's transaction, and its advisory lock with it, once it sees the socket
      // close; give it a few tries rather than assuming it is instant.
      let outcome = await runJob(b, name, async () => undefined);
      for (let i = 0; i < 20 && outcome === "skipped"; i++) {
        await new Promise((r) => setTimeout(r, 100));
        outcome = await runJob(b, name, async () => undefined);
      }
      expect(outcome).toBe("ok");
    } finally {
      if (holder.exitCode === null) holder.kill("SIGKILL");
      await b.close();
    }
  });

  it("never runs the same job twice at once inside one process (PGlite and Postgres)", async () => {
    const handle = await testDb();
    const name = unique("solo");
    let runs = 0;
    const job: Job = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 200));
    };
    const outcomes = await Promise.all([runJob(handle, name, job), runJob(handle, name, job)]);
    expect(outcomes.sort()).toEqual(["ok", "skipped"]);
    expect(runs).toBe(1);
  });
});
