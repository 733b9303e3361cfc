import { and, eq, isNull } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { POST as login } from "@/app/api/user/login/route";
import { POST as logout } from "@/app/api/user/logout/route";
import { GET as me, PATCH as patchMe } from "@/app/api/user/me/route";
import { POST as changePassword } from "@/app/api/user/password/change/route";
import { POST as forgot } from "@/app/api/user/password/forgot/route";
import { POST as reset } from "@/app/api/user/password/reset/route";
import { GET as listTokens, POST as createToken } from "@/app/api/user/tokens/route";
import { DELETE as revokeToken } from "@/app/api/user/tokens/[id]/route";
import { auditLog, sessions, users } from "@/db/schema";
import { setUserStatus } from "@/lib/accounts/admin-users";
import { getCurrentUser } from "@/lib/auth/current-user";
import { SECURE_SESSION_COOKIE } from "@/lib/auth/session";
import { resetEnvForTests } from "@/lib/env";
import {
  authHeaders,
  bearerHeaders,
  call,
  createUser,
  jsonRequest,
  latestMailCode,
  randomIp,
  sessionCookieFrom,
  sessionUser,
} from "../helpers/auth";
import { testDb, unique } from "../helpers/db";

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  jsonRequest(path, { body, headers: { "x-forwarded-for": randomIp(), ...headers } });
const getMe = (headers: Record<string, string>) => call(me, jsonRequest("/api/user/me", { headers }));

describe("login", () => {
  it("answers an unknown email exactly like a wrong password", async () => {
    const { db } = await testDb();
    const user = await createUser(db);
    const wrong = await call(login, post("/api/user/login", { email: user.email, password: "not the password" }));
    const unknown = await call(login, post("/api/user/login", { email: `${unique("ghost")}@example.com`, password: "not the password" }));
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body.error.code).toBe("invalid_credentials");
    expect(sessionCookieFrom(wrong.res)).toBeNull();
    // The failure is audited without the password.
    const rows = await db.select().from(auditLog).where(eq(auditLog.targetId, user.id));
    const failed = rows.find((r) => r.action === "auth.login_failed");
    expect(failed).toBeDefined();
    expect(JSON.stringify(failed)).not.toContain("not the password");
  });

  it("refuses an unverified account and a disabled one, even with the right password", async () => {
    const { db } = await testDb();
    const pending = await createUser(db, { status: "pending" });
    const disabled = await createUser(db, { status: "disabled" });
    const a = await call(login, post("/api/user/login", { email: pending.email, password: pending.password }));
    expect(a.status).toBe(403);
    expect(a.body.error.code).toBe("email_not_verified");
    const b = await call(login, post("/api/user/login", { email: disabled.email, password: disabled.password }, { "accept-language": "zh-CN" }));
    expect(b.status).toBe(403);
    expect(b.body.error.code).toBe("account_disabled");
    expect(b.body.error.message).toBe("此账户已被停用，请联系客服。");
    expect(sessionCookieFrom(a.res)).toBeNull();
    expect(sessionCookieFrom(b.res)).toBeNull();
  });

  it("throttles the sixth attempt in a burst on one account (from different addresses)", async () => {
    const { db } = await testDb();
    const user = await createUser(db);
    for (let i = 0; i < 5; i++) {
      expect((await call(login, post("/api/user/login", { email: user.email, password: "wrong password" }))).status).toBe(401);
    }
    const sixth = await call(login, post("/api/user/login", { email: user.email, password: user.password }));
    expect(sixth.status).toBe(429);
    expect(sixth.body.error.code).toBe("rate_limited");
    expect(Number(sixth.res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(sessionCookieFrom(sixth.res)).toBeNull();
  });

  it("throttles the sixth attempt in a burst from one address (on different accounts)", async () => {
    const { db } = await testDb();
    const ip = randomIp();
    for (let i = 0; i < 5; i++) {
      const r = await call(login, post("/api/user/login", { email: `${unique("spray")}@example.com`, password: "wrong password" }, { "x-forwarded-for": ip }));
      expect(r.status).toBe(401);
    }
    const user = await createUser(db);
    const sixth = await call(login, post("/api/user/login", { email: user.email, password: user.password }, { "x-forwarded-for": ip }));
    expect(sixth.status).toBe(429);
    expect(sixth.body.error.code).toBe("rate_limited");
    // Another address is not affected.
    expect((await call(login, post("/api/user/login", { email: user.email, password: user.password }))).status).toBe(200);
  });

  it("a successful login clears the account's failure count", async () => {
    const { db } = await testDb();
    const user = await createUser(db);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) await call(login, post("/api/user/login", { email: user.email, password: "wrong password" }));
      expect((await call(login, post("/api/user/login", { email: user.email, password: user.password }))).status).toBe(200);
    }
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row.lastLoginAt).toBeInstanceOf(Date);
  });

  it("accepts the secure cookie name as well", async () => {
    const { db } = await testDb();
    const user = await createUser(db);
    const { cookie } = await authHeaders(user);
    const secure = cookie.replace(/^[^=]+=/, `${SECURE_SESSION_COOKIE}=`);
    expect((await getCurrentUser(new Headers({ cookie: secure })))?.id).toBe(user.id);
    expect(await getCurrentUser(new Headers({ cookie: `${SECURE_SESSION_COOKIE}=garbage` }))).toBeNull();
  });
});

describe("sessions end", () => {
  it("a disabled user's existing session is refused on its next request, saying why", async () => {
    const { db } = await testDb();
    const admin = await createUser(db, { role: "admin" });
    const user = await createUser(db);
    const headers = await authHeaders(user);
    expect((await getMe(headers)).status).toBe(200);
    await setUserStatus(db, sessionUser(admin), user.id, "disabled");
    const after = await getMe(headers);
    expect(after.status).toBe(403);
    expect(after.body.error).toEqual({ code: "account_disabled", message: "This account has been disabled. Contact support." });
    // Disabling ended the session rows too.
    const live = await db.select().from(sessions).where(and(eq(sessions.userId, user.id), isNull(sessions.endedAt)));
    expect(live).toEqual([]);
    // Enabling again does not bring the old session back.
    await setUserStatus(db, sessionUser(admin), user.id, "active");
    expect((await getMe(headers)).status).toBe(401);
  });

  it("log-out ends that session: a copy of its cookie is refused afterwards", async () => {
    const { db } = await testDb();
    const user = await createUser(db);
    const logged = await call(login, post("/api/user/login", { email: user.email, password: user.password }));
    expect(logged.status).toBe(200);
    const copy = { cookie: sessionCookieFrom(logged.res)! };
    const other = await authHeaders(user);
    expect((await getMe(copy)).status).toBe(200);

    const out = await call(logout, jsonRequest("/api/user/logout", { body: {}, headers: { ...copy } }));
    expect(out.status).toBeLessThan(300);
    expect(out.res.headers.getSetCookie().join("\n")).toMatch(/next-auth\.session-token=;.*Max-Age=0/i);
    const replayed = await getMe(copy);
    expect(replayed.status).toBe(401);
    expect(replayed.body.error.code).toBe("unauthorized");
    // Other sessions of the user are untouched.
    expect((await getMe(other)).status).toBe(200);
    const actions = (await db.select().from(auditLog).where(eq(auditLog.targetId, user.id))).map((r) => r.action);
    expect(actions).toContain("auth.logout");
  });

  it("log out everywhere ends every session", async () => {
    const { db } = await testDb();
    const user = await createUser(db);
    const phone = await authHeaders(user);
    const laptop = await authHeaders(user);
    const tablet = await authHeaders(user);

    // A plain log-out ends only the session it comes from.
    const plain = await call(logout, jsonRequest("/api/user/logout", { body: {}, headers: laptop }));
    expect(plain.status).toBe(204);
    expect(plain.body).toBeNull();
    expect(plain.res.headers.getSetCookie().join("\n")).toMatch(/next-auth\.session-token=;.*Max-Age=0/i);
    expect((await getMe(laptop)).status).toBe(401);
    expect((await getMe(phone)).status).toBe(200);

    const all = await call(logout, jsonRequest("/api/user/logout", { body: { everywhere: true }, headers: phone }));
    expect(all.status).toBe(204);
    expect((await getMe(phone)).status).toBe(401);
    expect((await getMe(tablet)).status).toBe(401);
    const actions = (await db.select().from(auditLog).where(eq(auditLog.targetId, user.id))).map((r) => r.action);
    expect(actions).toContain("auth.logout_everywhere");
  });

  it("a password reset ends old sessions; the new password works and the old one does not", async () => {
    const { db } = await testDb();
    const user = await createUser(db);
    const old = await authHeaders(user);
    expect((await call(forgot, post("/api/user/password/forgot", { email: user.email }))).status).toBe(202);
    const code = (await latestMailCode(db, user.email, "password-reset-code"))!;
    expect(code).toMatch(/^\d{6}$/);

    const bad = await call(reset, post("/api/user/password/reset", { email: user.email, code: code === "999999" ? "000000" : "999999", password: "brand new password" }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_code");
    expect((await getMe(old)).status).toBe(200);

    const ok = await call(reset, post("/api/user/password/reset", { email: user.email, code, password: "brand new password" }));
    expect(ok.status).toBe(204);
    expect((await getMe(old)).status).toBe(401);
    expect((await call(login, post("/api/user/login", { email: user.email, password: user.password }))).status).toBe(401);
    expect((await call(login, post("/api/user/login", { email: user.email, password: "brand new password" }))).status).toBe(200);
    // Single use.
    expect((await call(reset, post("/api/user/password/reset", { email: user.email, code, password: "another new password" }))).status).toBe(400);
  });

  it("forgot-password answers the same for unknown and unverified emails, and mails nothing to them", async () => {
    const { db } = await testDb();
    const pending = await createUser(db, { status: "pending" });
    const ghost = `${unique("ghost")}@example.com`;
    const a = await call(forgot, post("/api/user/password/forgot", { email: ghost }));
    const b = await call(forgot, post("/api/user/password/forgot", { email: pending.email }));
    expect(a.status).toBe(202);
    expect(b.body).toEqual(a.body);
    expect(await latestMailCode(db, ghost, "password-reset-code")).toBeNull();
    expect(await latestMailCode(db, pending.email, "password-reset-code")).toBeNull();
    const r = await call(reset, post("/api/user/password/reset", { email: ghost, code: "123456", password: "brand new password" }));
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("invalid_code");
  });

  it("changing the password ends the other sessions and renews this one", async () => {
    const { db } = await testDb();
    const user = await createUser(db);
    const other = await authHeaders(user);
    const mine = await authHeaders(user);

    const wrong = await call(changePassword, post("/api/user/password/change", { currentPassword: "nope", newPassword: "a brand new one" }, mine));
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe("wrong_password");
    expect(wrong.body.error.fieldErrors.currentPassword).toEqual([{ code: "wrong_password", message: "The current password is wrong." }]);
    expect((await getMe(other)).status).toBe(200);

    const ok = await call(changePassword, post("/api/user/password/change", { currentPassword: user.password, newPassword: "a brand new one" }, mine));
    expect(ok.status).toBe(204);
    expect((await getMe(other)).status).toBe(401);
    expect((await getMe(mine)).status).toBe(401);
    const renewed = sessionCookieFrom(ok.res)!;
    expect((await getMe({ cookie: renewed })).status).toBe(200);
    const actions = (await db.select().from(auditLog).where(eq(auditLog.targetId, user.id))).map((r) => r.action);
    expect(actions).toContain("auth.password_changed");
  });
});

describe("profile and API tokens", () => {
  it("updates the language", async () => {
    const { db } = await testDb();
    const user = await createUser(db);
    const r = await call(patchMe, jsonRequest("/api/user/me", { method: "PATCH", body: { locale: "zh-CN" }, headers: await authHeaders(user) }));
    expect(r.status).toBe(200);
    expect(r.body.data.locale).toBe("zh-CN");
    const bad = await call(patchMe, jsonRequest("/api/user/me", { method: "PATCH", body: { locale: "fr" }, headers: await authHeaders(user) }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.fieldErrors.locale[0].code).toBe("invalid_value");
    expect(bad.body.error.fieldErrors.locale[0].code).toBe("invalid_value");
  });

  it("a Bearer token authenticates, is stored hashed, and stops working when revoked or the user is disabled", async () => {
    const { db } = await testDb();
    const admin = await createUser(db, { role: "admin" });
    const user = await createUser(db);
    const created = await call(createToken, post("/api/user/tokens", { name: "ci" }, await authHeaders(user)));
    expect(created.status).toBe(201);
    const token: string = created.body.data.token;
    expect(token).toMatch(/^dmt_[A-Za-z0-9_-]{43}$/);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await getMe(bearer)).body.data.id).toBe(user.id);

    const listed = await call(listTokens, jsonRequest("/api/user/tokens", { headers: bearer }));
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.nextCursor).toBeNull();
    expect(JSON.stringify(listed.body)).not.toContain(token);
    expect(listed.body.items[0].lastUsedAt).not.toBeNull();

    // Another user cannot revoke it.
    const stranger = await createUser(db);
    const foreign = await call(revokeToken, jsonRequest(`/api/user/tokens/${created.body.data.apiToken.id}`, { method: "DELETE", headers: await authHeaders(stranger) }), { id: created.body.data.apiToken.id });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe("not_found");
    expect((await getMe(bearer)).status).toBe(200);

    const revoked = await call(revokeToken, jsonRequest(`/api/user/tokens/x`, { method: "DELETE", headers: bearer }), { id: created.body.data.apiToken.id });
    expect(revoked.status).toBe(204);
    expect((await getMe(bearer)).status).toBe(401);

    const second = await bearerHeaders(db, user);
    expect((await getMe(second)).status).toBe(200);
    await setUserStatus(db, sessionUser(admin), user.id, "disabled");
    const disabled = await getMe(second);
    expect(disabled.status).toBe(403);
    expect(disabled.body.error.code).toBe("account_disabled");
    expect((await getMe({ authorization: "Bearer dmt_not-a-token" })).status).toBe(401);
    expect((await getMe({ authorization: "Basic abc" })).status).toBe(401);
  });

  it("a session token also works as a Bearer credential", async () => {
    const { db } = await testDb();
    const user = await createUser(db);
    const token = (await authHeaders(user)).cookie.split("=")[1];
    expect((await getMe({ authorization: `Bearer ${token}` })).body.data.id).toBe(user.id);
  });
});

describe("client address", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    resetEnvForTests();
  });

  it("with the default TRUST_PROXY_HOPS, a forged X-Forwarded-For is recorded nowhere", async () => {
    const { db } = await testDb();
    vi.stubEnv("TRUST_PROXY_HOPS", undefined);
    resetEnvForTests();
    const user = await createUser(db);
    const forged = "203.0.113.66";
    const r = await call(login, post("/api/user/login", { email: user.email, password: user.password }, { "x-forwarded-for": forged }));
    expect(r.status).toBe(200);
    const [row] = await db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(row.ip).toBeNull();
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.targetId, user.id), eq(auditLog.action, "auth.login")));
    expect(audit.map((a) => a.ip)).toEqual([null]);
  });
});
