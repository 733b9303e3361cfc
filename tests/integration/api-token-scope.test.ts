import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { apiTokens } from "@/db/schema";
import { GET as adminUsersRoute } from "@/app/api/admin/users/route";
import { GET as meRoute, PATCH as patchMe } from "@/app/api/user/me/route";
import { DELETE as revokeRoute } from "@/app/api/user/tokens/[id]/route";
import { GET as listTokensRoute, POST as createTokenRoute } from "@/app/api/user/tokens/route";
import { POST as logoutRoute } from "@/app/api/user/logout/route";
import { createApiToken } from "@/lib/accounts/api-tokens";
import { authHeaders, call, createUser, jsonRequest, sessionUser } from "../helpers/auth";
import { testDb } from "../helpers/db";

/** API tokens with a scope (read or full) and an optional expiry, shown with their last use. */

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe("a read-only token", () => {
  it("reads, but is refused with 403 token_read_only on anything else, and changes nothing", async () => {
    const admin = await createUser(db, { role: "admin" });
    const { token, apiToken } = await createApiToken(db, sessionUser(admin), { name: "dashboard", scope: "read" });
    expect((await call(meRoute, jsonRequest("/api/user/me", { headers: bearer(token) }))).status).toBe(200);
    expect((await call(adminUsersRoute, jsonRequest("/api/admin/users", { headers: bearer(token) }))).status).toBe(200);

    const writes = [
      await call(createTokenRoute, jsonRequest("/api/user/tokens", { body: { name: "more" }, headers: bearer(token) })),
      await call(patchMe, jsonRequest("/api/user/me", { method: "PATCH", body: { locale: "zh-CN" }, headers: bearer(token) })),
      await call(revokeRoute, jsonRequest(`/api/user/tokens/${apiToken.id}`, { method: "DELETE", headers: bearer(token) }), { id: apiToken.id }),
      await call(logoutRoute, jsonRequest("/api/user/logout", { body: {}, headers: bearer(token) })),
    ];
    for (const w of writes) expect([w.status, w.body.error.code]).toEqual([403, "token_read_only"]);
    const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, apiToken.id));
    expect(row.revokedAt).toBeNull();
    expect(await db.select().from(apiTokens).where(eq(apiTokens.userId, admin.id))).toHaveLength(1);

    // A full token of the same user may write.
    const full = await createApiToken(db, sessionUser(admin), { name: "script" });
    const created = await call(createTokenRoute, jsonRequest("/api/user/tokens", { body: { name: "more" }, headers: bearer(full.token) }));
    expect(created.status).toBe(201);
  });
});

describe("an expiring token", () => {
  it("works until its expiry and is refused as unauthenticated after it", async () => {
    const user = await createUser(db);
    const { token, apiToken } = await createApiToken(db, sessionUser(user), { name: "ci", expiresAt: new Date(Date.now() + 60_000) });
    expect((await call(meRoute, jsonRequest("/api/user/me", { headers: bearer(token) }))).status).toBe(200);
    await db.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, apiToken.id));
    const expired = await call(meRoute, jsonRequest("/api/user/me", { headers: bearer(token) }));
    expect([expired.status, expired.body.error.code]).toEqual([401, "unauthorized"]);
  });

  it("is created with a scope and an expiry through the route, which refuses an expiry in the past", async () => {
    const user = await createUser(db);
    const headers = await authHeaders(user);
    const res = await call(createTokenRoute, jsonRequest("/api/user/tokens", { body: { name: "nightly", scope: "read", expiresAt: "2099-12-31" }, headers }));
    expect(res.status).toBe(201);
    expect(res.body.data.apiToken).toMatchObject({ name: "nightly", scope: "read", expiresAt: "2099-12-31T00:00:00.000Z", lastUsedAt: null });
    const past = await call(createTokenRoute, jsonRequest("/api/user/tokens", { body: { name: "old", expiresAt: "2001-01-01" }, headers }));
    expect([past.status, past.body.error.fieldErrors.expiresAt[0].code]).toEqual([400, "token_expiry_past"]);
    const badScope = await call(createTokenRoute, jsonRequest("/api/user/tokens", { body: { name: "x", scope: "admin" }, headers }));
    expect(Object.keys(badScope.body.error.fieldErrors)).toEqual(["scope"]);

    // The list shows scope, expiry and last use (after one use).
    await call(meRoute, jsonRequest("/api/user/me", { headers: bearer(res.body.data.token) }));
    const list = await call(listTokensRoute, jsonRequest("/api/user/tokens", { headers }));
    const listed = list.body.items.find((t: { id: string }) => t.id === res.body.data.apiToken.id);
    expect(listed).toMatchObject({ scope: "read", expiresAt: "2099-12-31T00:00:00.000Z" });
    expect(listed.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list.body)).not.toContain(res.body.data.token);
  });
});
