import { describe, expect, it } from "vitest";
import { safeNextPath } from "./session-cookies";

describe("safeNextPath", () => {
  it("follows paths of this site", () => {
    for (const p of ["/", "/admin", "/admin/users?q=a%20b#top", "/history?cursor=5"]) expect(safeNextPath(p)).toBe(p);
  });

  it("refuses other sites, however they are spelled", () => {
    for (const p of [
      "https://evil.example/",
      "//evil.example",
      "/\\evil.example",
      // Browsers drop tabs and newlines from URLs: each of these would become "//evil.example".
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "/\t\\evil.example",
      "javascript:alert(1)",
      "evil.example",
      "",
      null,
      undefined,
    ]) {
      expect(safeNextPath(p), JSON.stringify(p)).toBeNull();
    }
  });
});
