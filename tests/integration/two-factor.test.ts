import { and, desc, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { auditLog, totpRecoveryCodes, users } from "@/db/schema";
import { POST as resetRoute } from "@/app/api/admin/users/[id]/totp_reset/route";
import { GET as adminUsersRoute } from "@/app/api/admin/users/route";
import { GET as meRoute } from "@/app/api/user/me/route";
import { authOptions } from "@/lib/auth/next-auth";
import { requireAdminPage, requireUserPage } from "@/lib/auth/page-guards";
import { POST as loginRoute } from "@/app/api/user/login/route";
import { POST as confirmRoute } from "@/app/api/user/totp/confirm/route";
import { POST as disableRoute } from "@/app/api/user/totp/disable/route";
import { POST as enrolRoute } from "@/app/api/user/totp/enrol/route";
import { GET as statusRoute } from "@/app/api/user/totp/route";
import { testClock } from "@/lib/clock";
import { base32Decode, hotp, totp, totpStep } from "@/lib/crypto/totp";
import { resetEnvForTests } from "@/lib/env";
import { authHeaders, call, createUser, jsonRequest, randomIp, sessionCookieFrom, type TestUser } from "../helpers/auth";
import { testDb } from "../helpers/db";

/**
 * TOTP two-factor login end to end through the routes: enrolment (secret shown once, confirmed with a code),
 * login asking for the code after the password, wrong and replayed codes refused, recovery codes single use,
 * disabling with a code, throttling, the audit trail, and the operator's REQUIRE_ADMIN_TOTP.
 */

// Page guards read the request through next/headers and leave through redirect(); outside Next, the test does.
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => request.headers }));
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw new Error(`redirect:${to}`);
  },
}));

let db: Db;

beforeAll(async () => {
  db = (await testDb()).db;
});
afterEach(() => {
  testClock.reset();
  delete process.env.REQUIRE_ADMIN_TOTP;
  resetEnvForTests();
});

/** Enrols `user` through the routes; returns the secret and the recovery codes. */
async function enrol(user: TestUser): Promise<{ secret: Buffer; recoveryCodes: string[] }> {
  const headers = await authHeaders(user);
  const started = await call(enrolRoute, jsonRequest("/api/user/totp/enrol", { body: {}, headers }));
  expect(started.status).toBe(201);
  expect(started.res.headers.get("cache-control")).toBe("no-store");
  const secret = base32Decode(started.body.data.secret);
  expect(started.body.data.uri).toContain(`secret=${started.body.data.secret}`);
  const confirmed = await call(confirmRoute, jsonRequest("/api/user/totp/confirm", { body: { totp: totp(secret, new Date()) }, headers }));
  expect(confirmed.status).toBe(200);
  return { secret, recoveryCodes: confirmed.body.data.recoveryCodes };
}

const login = (user: TestUser, extra: Record<string, unknown> = {}, ip = randomIp()) =>
  call(loginRoute, jsonRequest("/api/user/login", { body: { email: user.email, password: user.password, ...extra }, headers: { "x-forwarded-for": ip } }));

/** The code of the next time step: one the login has not seen yet (the enrolment used the current one). */
const nextCode = (secret: Buffer) => hotp(secret, totpStep(new Date()) + 1);

async function auditActions(userId: string): Promise<string[]> {
  const rows = await db.select().from(auditLog).where(eq(auditLog.targetId, userId)).orderBy(desc(auditLog.id));
  return rows.map((r) => r.action);
}

describe("enrolment", () => {
  it("keeps the secret sealed, asks for a code before it takes effect, and refuses a wrong one", async () => {
    const user = await createUser(db);
    const headers = await authHeaders(user);
    const started = await call(enrolRoute, jsonRequest("/api/user/totp/enrol", { body: {}, headers }));
    const secret = base32Decode(started.body.data.secret);
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row.totpSecret).not.toContain(started.body.data.secret);
    expect(Buffer.from(row.totpSecret!, "base64").includes(secret)).toBe(false);
    // Not confirmed yet: login still takes the password alone.
    expect((await login(user)).status).toBe(200);
    const status = await call(statusRoute, jsonRequest("/api/user/totp", { headers }));
    expect(status.body.data).toMatchObject({ enabled: false, pending: true });

    const wrong = await call(confirmRoute, jsonRequest("/api/user/totp/confirm", { body: { totp: "000000" }, headers }));
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fieldErrors.totp[0].code).toBe("invalid_totp");
    const malformed = await call(confirmRoute, jsonRequest("/api/user/totp/confirm", { body: { totp: "12ab56" }, headers }));
    expect(malformed.body.error.fieldErrors.totp[0].code).toBe("totp_format");

    const ok = await call(confirmRoute, jsonRequest("/api/user/totp/confirm", { body: { totp: totp(secret, new Date()) }, headers }));
    expect(ok.status).toBe(200);
    expect(ok.body.data.recoveryCodes).toHaveLength(10);
    expect(new Set(ok.body.data.recoveryCodes).size).toBe(10);
    const stored = await db.select().from(totpRecoveryCodes).where(eq(totpRecoveryCodes.userId, user.id));
    expect(stored).toHaveLength(10);
    for (const c of ok.body.data.recoveryCodes) expect(stored.some((s) => s.codeHash.includes(c.replace("-", "")))).toBe(false);
    expect((await call(statusRoute, jsonRequest("/api/user/totp", { headers }))).body.data).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    expect(await auditActions(user.id)).toContain("auth.totp_enabled");

    const twice = await call(enrolRoute, jsonRequest("/api/user/totp/enrol", { body: {}, headers }));
    expect([twice.status, twice.body.error.code]).toEqual([409, "totp_already_enabled"]);
  });
});

describe("login with two-factor", () => {
  it("asks for the code after the right password only, refuses a wrong or replayed code, and accepts the right one", async () => {
    const user = await createUser(db);
    const { secret } = await enrol(user);

    const wrongPassword = await login({ ...user, password: "not the password" });
    expect([wrongPassword.status, wrongPassword.body.error.code]).toEqual([401, "invalid_credentials"]);
    const noCode = await login(user);
    expect([noCode.status, noCode.body.error.code]).toEqual([401, "totp_required"]);
    expect(sessionCookieFrom(noCode.res)).toBeNull();
    const wrongCode = await login(user, { totp: "123456" === nextCode(secret) ? "654321" : "123456" });
    expect([wrongCode.status, wrongCode.body.error.code]).toEqual([401, "invalid_totp"]);
    expect(sessionCookieFrom(wrongCode.res)).toBeNull();

    const code = nextCode(secret);
    const ok = await login(user, { totp: code });
    expect(ok.status).toBe(200);
    expect(sessionCookieFrom(ok.res)).not.toBeNull();
    // The same code again, as someone who watched it being typed would try.
    const replay = await login(user, { totp: code });
    expect([replay.status, replay.body.error.code]).toEqual([401, "invalid_totp"]);
    expect(await auditActions(user.id)).toEqual(expect.arrayContaining(["auth.totp_failed", "auth.login"]));
  });

  it("asks for it on next-auth's credentials endpoint too (its form posts empty fields it did not fill)", async () => {
    const user = await createUser(db);
    const { secret } = await enrol(user);
    type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<{ id: string } | null>;
    const authorize = (authOptions().providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;
    const req = { headers: { "x-forwarded-for": randomIp() } };
    await expect(authorize({ email: user.email, password: user.password, totp: "", recoveryCode: "" }, req)).rejects.toThrow("totp_required");
    await expect(authorize({ email: user.email, password: user.password, totp: "000000" === nextCode(secret) ? "111111" : "000000" }, req)).rejects.toThrow(
      "invalid_totp",
    );
    expect(await authorize({ email: user.email, password: user.password, totp: nextCode(secret), recoveryCode: "" }, req)).toMatchObject({ id: user.id });
    // An account without two-factor login is not affected by the empty fields.
    const plain = await createUser(db);
    expect(await authorize({ email: plain.email, password: plain.password, totp: "", recoveryCode: "" }, req)).toMatchObject({ id: plain.id });
  });

  it("accepts a code of the step before and after, not two steps away", async () => {
    const user = await createUser(db);
    const { secret } = await enrol(user);
    // Frozen, so that no step boundary passes between computing the codes and checking them.
    const at = new Date(Date.now() + 5 * 60_000);
    testClock.freeze(at);
    const step = totpStep(at);
    expect((await login(user, { totp: hotp(secret, step - 2) })).status).toBe(401);
    expect((await login(user, { totp: hotp(secret, step - 1) })).status).toBe(200);
    expect((await login(user, { totp: hotp(secret, step + 1) })).status).toBe(200);
  });

  it("takes each recovery code once, and says how many are left in the audit log", async () => {
    const user = await createUser(db);
    const { recoveryCodes } = await enrol(user);
    const code = recoveryCodes[3];
    const ok = await login(user, { recoveryCode: code.toLowerCase().replace("-", " ") });
    expect(ok.status).toBe(200);
    const again = await login(user, { recoveryCode: code });
    expect([again.status, again.body.error.code]).toEqual([401, "invalid_totp"]);
    const [used] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, user.id), eq(auditLog.action, "auth.recovery_code_used")));
    expect(used.details).toEqual({ remaining: 9 });
    // Another user's code is no code of this account.
    const other = await createUser(db);
    const { recoveryCodes: others } = await enrol(other);
    expect((await login(user, { recoveryCode: others[0] })).status).toBe(401);
  });

  it("throttles code attempts per account like logins", async () => {
    const user = await createUser(db);
    const { secret } = await enrol(user);
    for (let i = 0; i < 5; i++) expect((await login(user, { totp: "000000" })).status).toBe(401);
    const limited = await login(user, { totp: nextCode(secret) });
    expect([limited.status, limited.body.error.code]).toEqual([429, "rate_limited"]);
    expect(limited.res.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});

describe("disabling", () => {
  it("needs a current code; afterwards the password alone logs in again", async () => {
    const user = await createUser(db);
    const { secret } = await enrol(user);
    const headers = await authHeaders(user);
    const without = await call(disableRoute, jsonRequest("/api/user/totp/disable", { body: {}, headers }));
    expect(without.status).toBe(400);
    const wrong = await call(disableRoute, jsonRequest("/api/user/totp/disable", { body: { totp: "000000" }, headers }));
    expect([wrong.status, wrong.body.error.fieldErrors.totp[0].code]).toEqual([400, "invalid_totp"]);
    expect((await login(user)).status).toBe(401);

    const ok = await call(disableRoute, jsonRequest("/api/user/totp/disable", { body: { totp: nextCode(secret) }, headers }));
    expect(ok.status).toBe(204);
    expect((await login(user)).status).toBe(200);
    expect(await db.select().from(totpRecoveryCodes).where(eq(totpRecoveryCodes.userId, user.id))).toHaveLength(0);
    expect(await auditActions(user.id)).toContain("auth.totp_disabled");
  });
});

describe("REQUIRE_ADMIN_TOTP", () => {
  it("sends an admin without two-factor login to enrol: admin routes answer 403 until then, and it cannot be turned off", async () => {
    process.env.REQUIRE_ADMIN_TOTP = "true";
    resetEnvForTests();
    const admin = await createUser(db, { role: "admin" });
    const before = await call(adminUsersRoute, jsonRequest("/api/admin/users", { headers: await authHeaders(admin) }));
    expect([before.status, before.body.error.code]).toEqual([403, "totp_enrolment_required"]);
    const status = await call(statusRoute, jsonRequest("/api/user/totp", { headers: await authHeaders(admin) }));
    expect(status.body.data).toMatchObject({ enabled: false, required: true });

    const { secret } = await enrol(admin);
    const after = await call(adminUsersRoute, jsonRequest("/api/admin/users", { headers: await authHeaders(admin) }));
    expect(after.status).toBe(200);
    const disable = await call(
      disableRoute,
      jsonRequest("/api/user/totp/disable", { body: { totp: nextCode(secret) }, headers: await authHeaders(admin) }),
    );
    expect([disable.status, disable.body.error.code]).toEqual([409, "totp_required_by_operator"]);
    // Customers are not affected.
    const customer = await createUser(db);
    expect((await login(customer)).status).toBe(200);
  });
});

describe("REQUIRE_ADMIN_TOTP on pages", () => {
  it("sends an admin without two-factor login from any page but the profile to set it up", async () => {
    process.env.REQUIRE_ADMIN_TOTP = "true";
    resetEnvForTests();
    const admin = await createUser(db, { role: "admin" });
    request.headers = new Headers(await authHeaders(admin));
    await expect(requireAdminPage("/admin/users")).rejects.toThrow("redirect:/profile?totp=required#two-factor");
    await expect(requireUserPage("/orders")).rejects.toThrow("redirect:/profile?totp=required#two-factor");
    await expect(requireUserPage("/profile")).resolves.toMatchObject({ id: admin.id });
    await enrol(admin);
    request.headers = new Headers(await authHeaders(admin));
    await expect(requireAdminPage("/admin/users")).resolves.toMatchObject({ id: admin.id, totpEnabled: true });
  });
});

describe("an admin's reset of another user's two-factor login", () => {
  it("turns it off, ends the user's sessions and records the reason; customers and one's own account are refused", async () => {
    const admin = await createUser(db, { role: "admin" });
    const user = await createUser(db);
    await enrol(user);
    const userSession = await authHeaders(user);
    const asCustomer = await call(resetRoute, jsonRequest(`/api/admin/users/${user.id}/totp_reset`, { body: { reason: "x" }, headers: await authHeaders(user) }), { id: user.id });
    expect([asCustomer.status, asCustomer.body.error.code]).toEqual([403, "forbidden"]);
    const self = await call(resetRoute, jsonRequest(`/api/admin/users/${admin.id}/totp_reset`, { body: { reason: "x" }, headers: await authHeaders(admin) }), { id: admin.id });
    expect([self.status, self.body.error.code]).toEqual([409, "not_yourself"]);
    const noReason = await call(resetRoute, jsonRequest(`/api/admin/users/${user.id}/totp_reset`, { body: {}, headers: await authHeaders(admin) }), { id: user.id });
    expect(noReason.body.error.fieldErrors.reason[0].code).toBe("field_required");

    const ok = await call(resetRoute, jsonRequest(`/api/admin/users/${user.id}/totp_reset`, { body: { reason: "Lost phone, ID checked" }, headers: await authHeaders(admin) }), { id: user.id });
    expect(ok.status).toBe(204);
    expect((await call(meRoute, jsonRequest("/api/user/me", { headers: userSession }))).status).toBe(401);
    expect((await login(user)).status).toBe(200);
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, user.id), eq(auditLog.action, "auth.totp_reset_by_admin")));
    expect(entry.details).toMatchObject({ adminReason: "Lost phone, ID checked" });
    const again = await call(resetRoute, jsonRequest(`/api/admin/users/${user.id}/totp_reset`, { body: { reason: "x" }, headers: await authHeaders(admin) }), { id: user.id });
    expect([again.status, again.body.error.code]).toEqual([409, "totp_not_enabled"]);
  });
});
