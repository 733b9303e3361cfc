import { openPglite, openPostgres, type Db, type DbHandle } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { createScratchDatabase } from "@/db/scratch-database";
import { users } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/current-user";
import { createPlan } from "@/lib/billing/plans";
import type { PlanInput } from "@/lib/billing/schemas";

export interface BenchDb {
  handle: DbHandle;
  label: string;
  /** Closes the connection and drops the bench database (Postgres). */
  dispose(): Promise<void>;
}

/**
 * A fresh, migrated database for one benchmark: a new Postgres database next to DATABASE_URL's (dropped
 * afterwards), or an in-memory PGlite when DATABASE_URL is unset.
 */
export async function openBenchDb(name: string, poolMax = 4): Promise<BenchDb> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const handle = await openPglite("memory://");
    await runMigrations(handle);
    return { handle, label: "PGlite (in memory)", dispose: () => handle.close() };
  }
  const scratch = await createScratchDatabase(base, `derp_bench_${name}`);
  const handle = openPostgres(scratch.url, poolMax, "bench");
  await runMigrations(handle);
  return {
    handle,
    label: `Postgres (${scratch.name})`,
    async dispose() {
      await handle.close();
      await scratch.drop();
    },
  };
}

/** A 30-day plan with a quota no benchmark reaches (1 PB), 3 devices, no bandwidth cap; `changes` for the rest. */
export function createBenchPlan(db: Db, admin: SessionUser, changes: Partial<PlanInput> = {}) {
  return createPlan(db, admin, {
    nameEn: "Bench",
    nameZh: "基准",
    durationDays: 30,
    trafficQuotaBytes: 1e15,
    deviceLimit: 3,
    bandwidthLimitBytesPerSec: null,
    priceMinor: 100,
    currency: "USD",
    active: true,
    ...changes,
  });
}

/** The admin on whose behalf a benchmark creates plans and batches. */
export async function createBenchAdmin(db: Db): Promise<SessionUser> {
  const [u] = await db
    .insert(users)
    .values({ email: "bench-admin@example.com", passwordHash: "x", role: "admin", status: "active" })
    .returning();
  return { id: u.id, email: u.email, role: u.role, locale: u.locale };
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Samples RSS every few milliseconds while `fn` runs; returns its result, the time and the peak RSS. */
export async function measure<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number; peakRss: number; startRss: number }> {
  const startRss = process.memoryUsage().rss;
  let peakRss = startRss;
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 5);
  const t0 = performance.now();
  try {
    const result = await fn();
    const ms = performance.now() - t0;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    return { result, ms, peakRss, startRss };
  } finally {
    clearInterval(timer);
  }
}
