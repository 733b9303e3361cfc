import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { openPglite, openPostgres, queryRows, type Db } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { createScratchDatabase } from "@/db/scratch-database";
import { relays, systemLog } from "@/db/schema";
import { backupDatabase, restoreDatabase } from "@/lib/backup/backup";
import { listBackups } from "@/lib/backup/files";
import { DAY_MS, testClock } from "@/lib/clock";
import { resetEnvForTests } from "@/lib/env";
import { runJob } from "@/worker/run-job";
import { findSchedule } from "@/worker/schedules";
import { insertUser } from "../helpers/billing";
import { testDb, unique } from "../helpers/db";
import { makeOfflineServer } from "../helpers/fleet";
import { makeRental } from "../helpers/rentals";

/**
 * Backup, wipe, restore: every table of the public schema and drizzle's migrations table must hold the same rows
 * afterwards. Each table is summarised by its row count and an md5 of its rows as text in sorted order, so a
 * missing, extra or changed row in any table changes the snapshot.
 */

type Snapshot = Record<string, { rows: number; md5: string }>;

async function snapshot(db: Db): Promise<Snapshot> {
  const tables = await queryRows<{ schema: string; name: string }>(
    db,
    sql`select table_schema as schema, table_name as name from information_schema.tables
        where table_schema in ('public', 'drizzle') and table_type = 'BASE TABLE' order by 1, 2`,
  );
  const out: Snapshot = {};
  for (const t of tables) {
    const ref = sql.raw(`"${t.schema}"."${t.name}"`);
    const [row] = await queryRows<{ rows: number; md5: string }>(
      db,
      sql`select count(*)::int as rows, md5(coalesce(string_agg(x::text, E'\n' order by x::text), '')) as md5 from ${ref} x`,
    );
    out[`${t.schema}.${t.name}`] = { rows: Number(row.rows), md5: row.md5 };
  }
  return out;
}

/** Rows in several related tables: users, plans, regions, servers, rentals, relays (and the audit rows they write). */
async function fill(db: Db): Promise<void> {
  const server = await makeOfflineServer(db);
  const { rental } = await makeRental(db, { regionId: server.regionId });
  await insertUser(db, { locale: "zh-CN" });
  await db.insert(relays).values({
    serverId: server.id,
    rentalId: rental.id,
    kind: "customer",
    containerName: unique("derp"),
    derpPort: server.derpPortMin,
    stunPort: server.stunPortMin,
    hostname: "203.0.113.10",
    state: "running",
  });
}

const temp: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "derp-backup-test-"));
  temp.push(dir);
  return dir;
}
afterAll(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

const base = process.env.DATABASE_URL;

describe.skipIf(!base)("Postgres backup and restore", () => {
  it("restores every table's rows exactly after the database was dropped and created empty", async () => {
    const scratch = await createScratchDatabase(base!, "derp_backup");
    const admin = postgres(base!, { max: 1, onnotice: () => {} });
    try {
      let handle = openPostgres(scratch.url, 2, "backup-test");
      await runMigrations(handle);
      await fill(handle.db);
      const before = await snapshot(handle.db);
      for (const table of ["public.users", "public.plans", "public.rentals", "public.relays", "public.servers", "drizzle.__drizzle_migrations"]) {
        expect(before[table]?.rows, table).toBeGreaterThan(0);
      }
      await handle.close();

      const backupDir = tempDir();
      const target = { url: scratch.url, pgliteDir: "/nonexistent", backupDir };
      const file = await backupDatabase(target, new Date());
      expect(listBackups(backupDir)).toEqual([file]);

      // The wipe: the database is dropped and created again, empty, as on a new server.
      await admin.unsafe(`drop database "${scratch.name}" with (force)`);
      await admin.unsafe(`create database "${scratch.name}"`);
      handle = openPostgres(scratch.url, 2, "backup-test");
      expect(Object.keys(await snapshot(handle.db))).toEqual([]);
      await handle.close();

      // No file named: the newest backup is used.
      expect((await restoreDatabase(target, new Date())).file).toBe(file);
      handle = openPostgres(scratch.url, 2, "backup-test");
      expect(await snapshot(handle.db)).toEqual(before);

      // A second restore over the restored database (the --clean path, objects present) gives the same rows.
      await handle.db.execute(sql`delete from relays`);
      await handle.close();
      await restoreDatabase(target, new Date(), file);
      handle = openPostgres(scratch.url, 2, "backup-test");
      expect(await snapshot(handle.db)).toEqual(before);
      await handle.close();
    } finally {
      await admin.end();
      await scratch.drop();
    }
  }, 120_000);
});

describe("PGlite backup and restore", () => {
  it("restores the embedded database from its data-dir dump, refusing while the folder is open", async () => {
    const root = tempDir();
    const pgliteDir = path.join(root, "pglite");
    const target = { pgliteDir, backupDir: path.join(root, "backups") };
    let handle = await openPglite(pgliteDir);
    await runMigrations(handle);
    await fill(handle.db);
    const before = await snapshot(handle.db);
    expect(before["public.relays"]?.rows).toBe(1);
    await expect(backupDatabase(target, new Date())).rejects.toThrow(/in use/);
    await handle.close();

    const file = await backupDatabase(target, new Date());
    expect(file.endsWith(".pglite.tar.gz")).toBe(true);

    // Damage after the backup, which the restore must undo.
    handle = await openPglite(pgliteDir);
    await handle.db.execute(sql`delete from relays`);
    await handle.db.execute(sql`drop table audit_log cascade`);
    await expect(restoreDatabase(target, new Date())).rejects.toThrow(/in use/);
    await handle.close();

    const result = await restoreDatabase(target, new Date());
    expect(result.file).toBe(file);
    expect(result.movedTo && existsSync(result.movedTo)).toBe(true);
    handle = await openPglite(pgliteDir);
    try {
      expect(await snapshot(handle.db)).toEqual(before);
    } finally {
      await handle.close();
    }
  }, 300_000);
});

describe.skipIf(!base)("the scheduled backup", () => {
  it("is off unless BACKUP_SCHEDULE is set, writes one file and one system-log line per run, and keeps the newest BACKUP_RETENTION_COUNT", async () => {
    const schedule = findSchedule("backup")!;
    resetEnvForTests();
    expect(schedule.enabled?.()).toBe(false);
    const backupDir = tempDir();
    Object.assign(process.env, { BACKUP_SCHEDULE: "true", BACKUP_DIR: backupDir, BACKUP_RETENTION_COUNT: "2" });
    resetEnvForTests();
    const handle = await testDb();
    try {
      expect(schedule.enabled?.()).toBe(true);
      const runs = [new Date("2031-03-01T02:45:00Z"), new Date("2031-03-02T02:45:00Z"), new Date("2031-03-03T02:45:00Z")];
      testClock.freeze(runs[0]);
      for (let i = 0; i < runs.length; i++) {
        expect(await runJob(handle, "backup", schedule.job)).toBe("ok");
        testClock.advance(DAY_MS);
      }
      expect(listBackups(backupDir).map((f) => path.basename(f))).toEqual(["derpmanagement-20310302T024500000Z.pgdump", "derpmanagement-20310303T024500000Z.pgdump"]);
      const lines = await handle.db
        .select({ context: systemLog.context })
        .from(systemLog)
        .where(and(eq(systemLog.source, "worker"), eq(systemLog.message, "job backup ok")));
      const summaries = lines.map((l) => (l.context as { summary?: { file?: string; pruned?: string[] } }).summary);
      expect(summaries.filter((s) => s?.file?.startsWith(backupDir))).toHaveLength(3);
      expect(summaries.flatMap((s) => s?.pruned ?? [])).toContain("derpmanagement-20310301T024500000Z.pgdump");
    } finally {
      testClock.reset();
      for (const k of ["BACKUP_SCHEDULE", "BACKUP_DIR", "BACKUP_RETENTION_COUNT"]) delete process.env[k];
      resetEnvForTests();
    }
  }, 120_000);
});
