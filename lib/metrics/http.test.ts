import { describe, expect, it } from "vitest";
import { routeTemplate } from "./http";

describe("routeTemplate", () => {
  it("puts each dynamic segment back as its name", () => {
    const id = "4b1c2f0e-0000-4000-8000-000000000001";
    expect(routeTemplate(`/api/container/status/${id}`, { id })).toBe("/api/container/status/[id]");
    expect(routeTemplate(`/api/container/${id}/restart`, { id })).toBe("/api/container/[id]/restart");
    expect(routeTemplate("/api/user/history/u-1", { user_id: "u-1" })).toBe("/api/user/history/[user_id]");
    expect(routeTemplate("/api/admin/users", {})).toBe("/api/admin/users");
  });

  it("matches percent-encoded segments against the decoded parameter", () => {
    expect(routeTemplate("/api/acl/download/a%40example.com", { username: "a@example.com" })).toBe("/api/acl/download/[username]");
  });

  it("folds a catch-all's segments into one", () => {
    expect(routeTemplate("/api/no/such/route", { path: ["no", "such", "route"] })).toBe("/api/[...path]");
  });

  it("never keeps a value that is not a static segment, whatever the caller sends", () => {
    // A value equal to a static segment may land one place off, but the label holds only route segment names.
    expect(routeTemplate("/api/container/restart/restart", { id: "restart" })).toBe("/api/container/restart/[id]");
    expect(routeTemplate("/acl/secret-token-value", { token: "secret-token-value" })).toBe("/acl/[token]");
  });
});
