import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as getMail } from "@/app/api/admin/mail/route";
import { GET as getUser } from "@/app/api/admin/users/[id]/route";
import { POST as setRole } from "@/app/api/admin/users/[id]/role/route";
import { POST as setStatus } from "@/app/api/admin/users/[id]/status/route";
import { GET as listUsersRoute } from "@/app/api/admin/users/route";
import { GET as auditRoute } from "@/app/api/logs/audit/route";
import { GET as systemRoute } from "@/app/api/logs/system/route";
import { POST as addUser } from "@/app/api/user/add_user/route";
import { POST as login } from "@/app/api/user/login/route";
import { POST as logout } from "@/app/api/user/logout/route";
import { POST as changePassword } from "@/app/api/user/password/change/route";
import { POST as reset } from "@/app/api/user/password/reset/route";
import { POST as verify } from "@/app/api/user/verify/route";
import { auditLog, users } from "@/db/schema";
import { setUserRole, setUserStatus } from "@/lib/accounts/admin-users";
import { writeSystemLog } from "@/lib/logs/system-log";
import { authHeaders, bearerHeaders, call, createUser, jsonRequest, randomIp, sessionUser } from "../helpers/auth";
import { testDb, unique } from "../helpers/db";

type Handler = Parameters<typeof call>[0];

describe("admin routes refuse customers", () => {
  it("answers 403 to a customer and 401 to an anonymous caller on every admin route", async () => {
    const { db } = await testDb();
    const customer = await createUser(db);
    const victim = await createUser(db);
    const id = victim.id;
    const routes: [string, Handler, string, unknown, Record<string, string>][] = [
      ["GET", systemRoute, "/api/logs/system", undefined, {}],
      ["GET", auditRoute, "/api/logs/audit", undefined, {}],
      ["GET", listUsersRoute, "/api/admin/users", undefined, {}],
      ["GET", getUser, `/api/admin/users/${id}`, undefined, { id }],
      ["POST", setStatus, `/api/admin/users/${id}/status`, { status: "disabled" }, { id }],
      ["POST", setRole, `/api/admin/users/${id}/role`, { role: "admin" }, { id }],
      ["GET", getMail, "/api/admin/mail", undefined, {}],
    ];
    const asCookie = await authHeaders(customer);
    const asBearer = await bearerHeaders(db, customer);
    for (const [method, handler, path, body, params] of routes) {
      for (const headers of [asCookie, asBearer]) {
        const r = await call(handler, jsonRequest(path, { method, body, headers }), params);
        expect(r.status, `${method} ${path}`).toBe(403);
        expect(r.body.error.code).toBe("forbidden");
      }
      const anon = await call(handler, jsonRequest(path, { method, body }), params);
      expect(anon.status, `${method} ${path} anonymous`).toBe(401);
    }
    const [after] = await db.select().from(users).where(eq(users.id, id));
    expect(after).toMatchObject({ status: "active", role: "customer" });
  });
});

describe("refusals", () => {
  it("refuses cross-site state changes with 403", async () => {
    const { db } = await testDb();
    const user = await createUser(db);
    const headers = { "sec-fetch-site": "cross-site" };
    const cases: [Handler, string, unknown][] = [
      [addUser, "/api/user/add_user", { email: `${unique("x")}@example.com`, password: "a fine password" }],
      [login, "/api/user/login", { email: user.email, password: user.password }],
      [verify, "/api/user/verify", { email: user.email, code: "123456" }],
      [logout, "/api/user/logout", { everywhere: true }],
    ];
    for (const [handler, path, body] of cases) {
      const r = await call(handler, jsonRequest(path, { body, headers: { ...headers, ...(await authHeaders(user)) } }));
      expect(r.status, path).toBe(403);
      expect(r.body.error.code).toBe("cross_site");
    }
    const origin = await call(login, jsonRequest("/api/user/login", { body: { email: user.email, password: user.password }, headers: { origin: "https://evil.example" } }));
    expect(origin.status).toBe(403);
    expect(origin.body.error.code).toBe("cross_site");
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row.sessionVersion).toBe(user.sessionVersion);
    expect(row.lastLoginAt).toBeNull();
  });

  it("answers malformed JSON, missing fields, invalid emails and weak passwords with 400 and messages", async () => {
    const post = (path: string, body: unknown, lang = "en") =>
      jsonRequest(path, { body, headers: { "accept-language": lang, "x-forwarded-for": randomIp() } });

    const malformed = await call(addUser, post("/api/user/add_user", "{not json"));
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ code: "invalid_json", message: "The request body must be valid JSON." });

    const missing = await call(addUser, post("/api/user/add_user", {}));
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe("validation");
    expect(Object.keys(missing.body.error.fieldErrors).sort()).toEqual(["email", "password"]);

    const invalid = await call(addUser, post("/api/user/add_user", { email: "not-an-email", password: "x" }));
    expect(invalid.body.error.fieldErrors).toEqual({
      email: [{ code: "invalid_email", message: "Enter a valid email address." }],
      password: [{ code: "password_too_short", message: "The password must have at least 8 characters." }],
    });

    const common = await call(addUser, post("/api/user/add_user", { email: `${unique("c")}@example.com`, password: "Password123" }));
    expect(common.status).toBe(400);
    expect(common.body.error.fieldErrors.password).toEqual([
      { code: "password_common", message: "This password is too common. Choose one that is harder to guess." },
    ]);

    const long = await call(addUser, post("/api/user/add_user", { email: `${unique("c")}@example.com`, password: "ab3".repeat(43) }));
    expect(long.body.error.fieldErrors.password).toEqual([{ code: "password_too_long", message: "The password can have at most 128 characters." }]);

    const zh = await call(addUser, post("/api/user/add_user", { email: "bad", password: "short" }, "zh-CN,zh;q=0.9"));
    expect(zh.status).toBe(400);
    expect(zh.body.error.message).toBe("部分字段无效。");
    expect(zh.body.error.fieldErrors).toEqual({
      email: [{ code: "invalid_email", message: "请输入有效的邮箱地址。" }],
      password: [{ code: "password_too_short", message: "密码至少需要 8 个字符。" }],
    });

    const zhMissing = await call(login, post("/api/user/login", {}, "zh-CN"));
    expect(zhMissing.status).toBe(400);
    expect(zhMissing.body.error.fieldErrors.email[0].code).toBe("field_required");
    expect(zhMissing.body.error.fieldErrors.email[0].message).toMatch(/[\u4e00-\u9fff]/);

    const zhJson = await call(login, post("/api/user/login", "[", "zh-CN"));
    expect(zhJson.body.error.message).toBe("请求体必须是有效的 JSON。");

    const badCode = await call(verify, post("/api/user/verify", { email: "a@example.com", code: "12ab" }));
    expect(badCode.body.error.fieldErrors.code).toEqual([{ code: "code_format", message: "The code has 6 digits." }]);

    const badReset = await call(reset, post("/api/user/password/reset", { email: "a@example.com", code: "123456", password: "12345678" }));
    expect(badReset.body.error.fieldErrors.password.map((e: { code: string }) => e.code)).toEqual(["password_common"]);

    const { db } = await testDb();
    const user = await createUser(db);
    const weakChange = await call(changePassword, jsonRequest("/api/user/password/change", { body: { currentPassword: user.password, newPassword: "short" }, headers: await authHeaders(user) }));
    expect(weakChange.status).toBe(400);
    expect(weakChange.body.error.fieldErrors.newPassword[0].code).toBe("password_too_short");
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row.passwordHash).toBe(user.passwordHash);
  });
});

describe("user management", () => {
  it("lists users with search, filters and paging", async () => {
    const { db } = await testDb();
    const admin = await createUser(db, { role: "admin" });
    const tag = unique("list");
    for (let i = 0; i < 5; i++) await createUser(db, { email: `${tag}-${i}@example.com`, status: i === 4 ? "disabled" : "active" });
    const headers = await authHeaders(admin);
    const get = (q: string) => call(listUsersRoute, jsonRequest(`/api/admin/users?${q}`, { headers }));

    const all = await get(`q=${tag}&limit=10`);
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(5);
    expect(all.body.items[0]).not.toHaveProperty("passwordHash");

    const disabled = await get(`q=${tag}&status=disabled`);
    expect(disabled.body.items.map((u: { email: string }) => u.email)).toEqual([`${tag}-4@example.com`]);
    expect((await get(`q=${tag}&role=admin`)).body.items).toHaveLength(0);

    const first = await get(`q=${tag}&limit=2`);
    expect(first.body.items).toHaveLength(2);
    const second = await get(`q=${tag}&limit=2&cursor=${first.body.nextCursor}`);
    const third = await get(`q=${tag}&limit=2&cursor=${second.body.nextCursor}`);
    expect(third.body.nextCursor).toBeNull();
    const seen = [...first.body.items, ...second.body.items, ...third.body.items].map((u: { email: string }) => u.email);
    expect(new Set(seen).size).toBe(5);

    const sleeping = await get("status=sleeping");
    expect(sleeping.status).toBe(400);
    expect(sleeping.body.error.code).toBe("validation");
    const garbage = await get("cursor=garbage");
    expect(garbage.status).toBe(400);
    expect(garbage.body.error.code).toBe("invalid_cursor");
  });

  it("disables, enables, promotes and demotes, with audit entries", async () => {
    const { db } = await testDb();
    const admin = await createUser(db, { role: "admin" });
    const user = await createUser(db);
    const headers = await authHeaders(admin, { "x-forwarded-for": "203.0.113.7" });
    const act = (h: Handler, path: string, body: unknown) => call(h, jsonRequest(path, { body, headers }), { id: user.id });

    expect((await act(setStatus, `/api/admin/users/${user.id}/status`, { status: "disabled" })).body.data.status).toBe("disabled");
    expect((await act(setStatus, `/api/admin/users/${user.id}/status`, { status: "active" })).body.data.status).toBe("active");
    expect((await act(setRole, `/api/admin/users/${user.id}/role`, { role: "admin" })).body.data.role).toBe("admin");
    expect((await act(setRole, `/api/admin/users/${user.id}/role`, { role: "customer" })).body.data.role).toBe("customer");
    const gone = await act(setStatus, `/api/admin/users/${user.id}/status`, { status: "gone" });
    expect(gone.status).toBe(400);
    expect(gone.body.error.fieldErrors.status[0].code).toBe("invalid_value");

    const entries = await db.select().from(auditLog).where(eq(auditLog.targetId, user.id));
    const byAdmin = entries.filter((e) => e.actorId === admin.id);
    expect(byAdmin.map((e) => e.action)).toEqual(["user.disabled", "user.enabled", "user.role_changed", "user.role_changed"]);
    expect(byAdmin[0].ip).toBe("203.0.113.7");

    const unknown = await call(getUser, jsonRequest(`/api/admin/users/${crypto.randomUUID()}`, { headers }), { id: crypto.randomUUID() });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("not_found");
    const badId = await call(getUser, jsonRequest("/api/admin/users/42", { headers }), { id: "42" });
    expect(badId.status).toBe(400);
    expect(badId.body.error.code).toBe("validation");
  });

  it("an admin cannot disable or demote themselves", async () => {
    const { db } = await testDb();
    const admin = await createUser(db, { role: "admin" });
    const headers = await authHeaders(admin);
    const demote = await call(setRole, jsonRequest(`/api/admin/users/${admin.id}/role`, { body: { role: "customer" }, headers }), { id: admin.id });
    expect(demote.status).toBe(409);
    expect(demote.body.error.code).toBe("not_yourself");
    const disable = await call(setStatus, jsonRequest(`/api/admin/users/${admin.id}/status`, { body: { status: "disabled" }, headers }), { id: admin.id });
    expect(disable.status).toBe(409);
    expect(disable.body.error.code).toBe("not_yourself");
    const [row] = await db.select().from(users).where(eq(users.id, admin.id));
    expect(row).toMatchObject({ role: "admin", status: "active" });
  });

  it("two admins demoting each other at once leave one admin: the last admin is never removed", async () => {
    const { db } = await testDb();
    const a = await createUser(db, { role: "admin" });
    const b = await createUser(db, { role: "admin" });
    const results = await Promise.allSettled([
      setUserRole(db, sessionUser(a), b.id, "customer"),
      setUserRole(db, sessionUser(b), a.id, "customer"),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason.status).toBe(403);
    expect(refused.reason.code).toBe("forbidden");
    const rows = await db.select().from(users).where(eq(users.role, "admin"));
    expect(rows.filter((r) => r.id === a.id || r.id === b.id)).toHaveLength(1);

    // Same for disabling.
    const c = await createUser(db, { role: "admin" });
    const d = await createUser(db, { role: "admin" });
    const both = await Promise.allSettled([
      setUserStatus(db, sessionUser(c), d.id, "disabled"),
      setUserStatus(db, sessionUser(d), c.id, "disabled"),
    ]);
    expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("a stale admin session cannot act after its admin role is gone", async () => {
    const { db } = await testDb();
    const a = await createUser(db, { role: "admin" });
    const b = await createUser(db, { role: "admin" });
    const target = await createUser(db);
    await setUserRole(db, sessionUser(a), b.id, "customer");
    // `b` as the session saw it a moment ago still says "admin"; the database says otherwise.
    await expect(setUserStatus(db, sessionUser(b), target.id, "disabled")).rejects.toMatchObject({ status: 403, code: "forbidden" });
    const headers = await authHeaders(b);
    const r = await call(setStatus, jsonRequest(`/api/admin/users/${target.id}/status`, { body: { status: "disabled" }, headers }), { id: target.id });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe("forbidden");
  });
});

describe("GET /api/logs/system", () => {
  it("filters by level, source, text and time, and pages with a cursor", async () => {
    const { db } = await testDb();
    const admin = await createUser(db, { role: "admin" });
    const headers = await authHeaders(admin);
    const source = unique("src");
    for (let i = 0; i < 5; i++) {
      await writeSystemLog(db, { level: i % 2 ? "warn" : "info", source, message: `job ${i} finished`, context: { i } });
    }
    const get = (q: string) => call(systemRoute, jsonRequest(`/api/logs/system?source=${source}&${q}`, { headers }));

    const warn = await get("level=warn");
    expect(warn.status).toBe(200);
    expect(warn.body.items.map((r: { context: { i: number } }) => r.context.i)).toEqual([3, 1]);
    expect((await get("q=job%203")).body.items).toHaveLength(1);

    const page1 = await get("limit=2");
    expect(page1.body.items.map((r: { context: { i: number } }) => r.context.i)).toEqual([4, 3]);
    const page2 = await get(`limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((r: { context: { i: number } }) => r.context.i)).toEqual([2, 1]);
    const page3 = await get(`limit=2&cursor=${page2.body.nextCursor}`);
    expect(page3.body.nextCursor).toBeNull();

    // Days, both inclusive, in UTC: today's entries are in from=to=today, not in tomorrow or yesterday.
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect((await get(`from=${today}&to=${today}`)).body.items).toHaveLength(5);
    expect((await get(`from=${tomorrow}`)).body.items).toHaveLength(0);
    expect((await get(`to=${yesterday}`)).body.items).toHaveLength(0);
    for (const [q, field, code] of [
      ["level=loud", "level", "invalid_value"],
      ["limit=0", "limit", "number_too_small"],
      ["limit=101", "limit", "number_too_big"],
      ["from=2020-02-30", "from", "invalid_date"],
      [`from=${encodeURIComponent(new Date().toISOString())}`, "from", "invalid_date"],
      [`from=${today}&to=${yesterday}`, "to", "range_invalid"],
    ]) {
      const r = await get(q);
      expect(r.status, q).toBe(400);
      expect(r.body.error.code, q).toBe("validation");
      expect(r.body.error.fieldErrors[field][0].code, q).toBe(code);
    }
  });

  it("the audit route filters by actor and action", async () => {
    const { db } = await testDb();
    const admin = await createUser(db, { role: "admin" });
    const user = await createUser(db);
    await setUserStatus(db, sessionUser(admin), user.id, "disabled");
    const r = await call(auditRoute, jsonRequest(`/api/logs/audit?actor=${admin.id}&action=user.disabled`, { headers: await authHeaders(admin) }));
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(1);
    expect(r.body.items[0]).toMatchObject({ targetId: user.id, actorEmail: admin.email });
  });
});
