import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tarArchive } from "./tar";

describe("tarArchive", () => {
  it("writes an archive GNU tar reads back: directories, files, contents and modes", () => {
    const big = "x".repeat(1500);
    const archive = tarArchive([
      { type: "dir", name: "app/certs" },
      { type: "file", name: "app/certs/127.0.0.1.crt", content: "CERT\n" },
      { type: "file", name: "app/certs/127.0.0.1.key", content: big, mode: 0o600 },
    ]);
    expect(archive.length % 512).toBe(0);
    const dir = mkdtempSync(path.join(os.tmpdir(), "tar-test-"));
    try {
      writeFileSync(path.join(dir, "a.tar"), archive);
      const listing = execFileSync("tar", ["-tf", "a.tar"], { cwd: dir, encoding: "utf8" });
      expect(listing.trim().split("\n")).toEqual(["app/certs/", "app/certs/127.0.0.1.crt", "app/certs/127.0.0.1.key"]);
      execFileSync("tar", ["-xf", "a.tar", "--no-same-owner"], { cwd: dir });
      expect(readFileSync(path.join(dir, "app/certs/127.0.0.1.crt"), "utf8")).toBe("CERT\n");
      expect(readFileSync(path.join(dir, "app/certs/127.0.0.1.key"), "utf8")).toBe(big);
      expect(statSync(path.join(dir, "app/certs/127.0.0.1.key")).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses paths that would leave the target folder", () => {
    expect(() => tarArchive([{ type: "file", name: "../etc/passwd", content: "" }])).toThrow(/unsafe/);
    expect(() => tarArchive([{ type: "file", name: "/etc/passwd", content: "" }])).toThrow(/unsafe/);
  });
});
