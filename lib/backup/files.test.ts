import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { backupFileName, listBackups, newestBackup, pruneBackups } from "./files";
import { libpqEnv } from "./postgres-dump";

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("backup retention", () => {
  it("keeps the newest N backups by the timestamp in their names and leaves other files alone", () => {
    dir = mkdtempSync(path.join(tmpdir(), "derp-retention-"));
    const names = Array.from({ length: 10 }, (_, i) => backupFileName(new Date(Date.UTC(2026, 0, 1 + i, 2, 45)), i % 2 ? "pgdump" : "pglite.tar.gz"));
    // Written newest first, so file creation order cannot stand in for the names' order.
    for (const n of [...names].reverse()) writeFileSync(path.join(dir, n), "x");
    writeFileSync(path.join(dir, "notes.txt"), "mine");
    writeFileSync(path.join(dir, "derpmanagement-latest.pgdump"), "not a timestamp");

    const deleted = pruneBackups(dir, 7).map((p) => path.basename(p));
    expect(deleted).toEqual(names.slice(0, 3));
    expect(readdirSync(dir).sort()).toEqual([...names.slice(3), "derpmanagement-latest.pgdump", "notes.txt"].sort());
    expect(newestBackup(dir)).toBe(path.join(dir, names[9]));
    expect(newestBackup(dir, "pglite.tar.gz")).toBe(path.join(dir, names[8]));
    expect(pruneBackups(dir, 7)).toEqual([]);
    expect(listBackups(path.join(dir, "missing"))).toEqual([]);
  });

  it("names files with a sortable UTC timestamp", () => {
    dir = mkdtempSync(path.join(tmpdir(), "derp-retention-"));
    expect(backupFileName(new Date("2026-12-02T02:24:05.123Z"), "pgdump")).toBe("derpmanagement-20261202T022405123Z.pgdump");
  });
});

describe("libpqEnv", () => {
  it("passes the URL's parts, password included, as environment variables", () => {
    dir = mkdtempSync(path.join(tmpdir(), "derp-retention-"));
    expect(libpqEnv("postgres://app:p%40ss%2Fw@db.internal:6543/derp?sslmode=require")).toEqual({
      PGHOST: "db.internal",
      PGPORT: "6543",
      PGDATABASE: "derp",
      PGUSER: "app",
      PGPASSWORD: "p@ss/w",
      PGSSLMODE: "require",
    });
  });
});
