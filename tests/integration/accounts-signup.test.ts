import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as addUser } from "@/app/api/user/add_user/route";
import { POST as login } from "@/app/api/user/login/route";
import { GET as me } from "@/app/api/user/me/route";
import { POST as resendCode } from "@/app/api/user/resend_code/route";
import { POST as verify } from "@/app/api/user/verify/route";
import { auditLog, emailCodes, mailOutbox, users } from "@/db/schema";
import { testClock } from "@/lib/clock";
import { resetEnvForTests } from "@/lib/env";
import { setMailTransportForTests } from "@/lib/mail/transport";
import { call, createUser, jsonRequest, latestMailCode, randomIp, sessionCookieFrom } from "../helpers/auth";
import { testAdmin, testDb, unique } from "../helpers/db";

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  jsonRequest(path, { body, headers: { "x-forwarded-for": randomIp(), ...headers } });

// These cases move the clock the throttle counters read, which only the database store follows; the Redis
// store (REDIS_URL) has its own test in throttle-redis.test.ts.
const redisUrl = process.env.REDIS_URL;
beforeAll(() => {
  delete process.env.REDIS_URL;
  resetEnvForTests();
});
afterAll(() => {
  if (redisUrl) process.env.REDIS_URL = redisUrl;
  resetEnvForTests();
});

afterEach(() => {
  testClock.reset();
  setMailTransportForTests(null);
});

describe("sign-up → code → verify → login", () => {
  it("creates a pending account, mails a code, verifies it and logs in", async () => {
    const { db } = await testDb();
    const email = `${unique("signup")}@Example.com`;
    const password = "correct horse battery";

    const signed = await call(addUser, post("/api/user/add_user", { email, password, locale: "zh-CN" }));
    expect(signed.status).toBe(202);
    const [user] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
    expect(user).toMatchObject({ status: "pending", locale: "zh-CN", role: "customer", emailVerifiedAt: null });
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

    // The mail is in the recipient's language and the code is stored only as a keyed hash.
    const [mail] = await db.select().from(mailOutbox).where(eq(mailOutbox.to, email.toLowerCase()));
    expect(mail.locale).toBe("zh-CN");
    expect(mail.subject).toContain("验证码");
    const code = await latestMailCode(db, email);
    expect(code).toMatch(/^\d{6}$/);
    const [stored] = await db.select().from(emailCodes).where(eq(emailCodes.userId, user.id));
    expect(stored.codeHash).not.toContain(code!);
    expect(stored.codeHash).toMatch(/^[0-9a-f]{64}$/);

    // Not verified yet: the right password is refused with a hint to verify.
    const early = await call(login, post("/api/user/login", { email, password }));
    expect(early.status).toBe(403);
    expect(early.body.error.code).toBe("email_not_verified");

    const verified = await call(verify, post("/api/user/verify", { email, code }));
    expect(verified.status).toBe(204);
    const [active] = await db.select().from(users).where(eq(users.id, user.id));
    expect(active.status).toBe("active");
    expect(active.emailVerifiedAt).toBeInstanceOf(Date);

    const loggedIn = await call(login, post("/api/user/login", { email, password }));
    expect(loggedIn.status).toBe(200);
    expect(loggedIn.body.data).toMatchObject({ id: user.id, email: email.toLowerCase(), role: "customer" });
    expect(JSON.stringify(loggedIn.body)).not.toContain(password);
    const setCookie = loggedIn.res.headers.getSetCookie().join("\n");
    expect(setCookie).toMatch(/next-auth\.session-token=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=lax/i);
    expect(setCookie).not.toMatch(/Secure/); // APP_URL is http in tests

    const cookie = sessionCookieFrom(loggedIn.res)!;
    const who = await call(me, jsonRequest("/api/user/me", { headers: { cookie } }));
    expect(who.status).toBe(200);
    expect(who.body.data).toMatchObject({ id: user.id, status: "active" });

    const actions = (await db.select().from(auditLog).where(eq(auditLog.targetId, user.id))).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["account.signed_up", "account.verified", "auth.login"]));
  });

  it("a code is single use", async () => {
    const { db } = await testDb();
    const email = `${unique("once")}@example.com`;
    expect((await call(addUser, post("/api/user/add_user", { email, password: "a fine password" }))).status).toBe(202);
    const code = (await latestMailCode(db, email))!;
    expect((await call(verify, post("/api/user/verify", { email, code }))).status).toBe(204);
    const again = await call(verify, post("/api/user/verify", { email, code }));
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe("invalid_code");
  });

  it("five wrong codes end the code, even for the right one afterwards", async () => {
    const { db } = await testDb();
    const email = `${unique("wrong")}@example.com`;
    await call(addUser, post("/api/user/add_user", { email, password: "a fine password" }));
    const code = (await latestMailCode(db, email))!;
    const wrong = code === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) {
      const r = await call(verify, post("/api/user/verify", { email, code: wrong }));
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe("invalid_code");
    }
    const right = await call(verify, post("/api/user/verify", { email, code }));
    expect(right.status).toBe(400);
    expect(right.body.error.code).toBe("invalid_code");
    const [user] = await db.select().from(users).where(eq(users.email, email));
    expect(user.status).toBe("pending");
  });

  it("a code expires after 10 minutes", async () => {
    const { db } = await testDb();
    const email = `${unique("expired")}@example.com`;
    await call(addUser, post("/api/user/add_user", { email, password: "a fine password" }));
    const code = (await latestMailCode(db, email))!;
    testClock.advance(10 * 60_000 + 1_000);
    const late = await call(verify, post("/api/user/verify", { email, code }));
    expect(late.status).toBe(400);
    expect(late.body.error.code).toBe("invalid_code");
    const [user] = await db.select().from(users).where(eq(users.email, email));
    expect(user.status).toBe("pending");
  });

  it("a code still works just before it expires", async () => {
    const { db } = await testDb();
    const email = `${unique("intime")}@example.com`;
    await call(addUser, post("/api/user/add_user", { email, password: "a fine password" }));
    const code = (await latestMailCode(db, email))!;
    testClock.advance(9 * 60_000);
    expect((await call(verify, post("/api/user/verify", { email, code }))).status).toBe(204);
  });

  it("resend: at most once a minute per address, registered or not", async () => {
    const { db } = await testDb();
    const email = `${unique("resend")}@example.com`;
    await call(addUser, post("/api/user/add_user", { email, password: "a fine password" }));
    const first = (await latestMailCode(db, email))!;

    const tooSoon = await call(resendCode, post("/api/user/resend_code", { email }));
    expect(tooSoon.status).toBe(429);
    expect(tooSoon.body.error.code).toBe("rate_limited");
    expect(Number(tooSoon.res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(tooSoon.res.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect(await latestMailCode(db, email)).toBe(first);
    expect(await db.$count(mailOutbox, eq(mailOutbox.to, email))).toBe(1);
    // An unknown address is refused the same way after a first request.
    const stranger = `${unique("nobody")}@example.com`;
    expect((await call(resendCode, post("/api/user/resend_code", { email: stranger }))).status).toBe(202);
    expect((await call(resendCode, post("/api/user/resend_code", { email: stranger }))).status).toBe(429);
    expect(await latestMailCode(db, stranger)).toBeNull();
  });

  it("resend: at most five code mails an hour per address", async () => {
    const { db } = await testDb();
    const email = `${unique("hourly")}@example.com`;
    const base = Date.now();
    let clock = base;
    const restore = Date.now;
    // The throttle counters use the real clock; move it a minute and a bit between requests.
    Date.now = () => clock;
    try {
      expect((await call(addUser, post("/api/user/add_user", { email, password: "a fine password" }))).status).toBe(202);
      for (let i = 0; i < 4; i++) {
        clock += 61_000;
        expect((await call(resendCode, post("/api/user/resend_code", { email }))).status).toBe(202);
      }
      clock += 61_000;
      const sixth = await call(resendCode, post("/api/user/resend_code", { email }));
      expect(sixth.status).toBe(429);
      expect(sixth.body.error.code).toBe("rate_limited");
      expect(await db.$count(mailOutbox, eq(mailOutbox.to, email))).toBe(5);
    } finally {
      Date.now = restore;
    }
  });

  it("signing up again with a registered email gives the same answer and changes nothing", async () => {
    const { db } = await testDb();
    const existing = await createUser(db);
    const [before] = await db.select().from(users).where(eq(users.id, existing.id));

    const again = await call(addUser, post("/api/user/add_user", { email: existing.email, password: "attacker password" }));
    const fresh = await call(addUser, post("/api/user/add_user", { email: `${unique("new")}@example.com`, password: "attacker password" }));
    expect(again.status).toBe(202);
    expect(again.body).toEqual(fresh.body);
    const [after] = await db.select().from(users).where(eq(users.id, existing.id));
    expect(after).toEqual(before);
    // The owner is told, in a mail, that somebody tried; no code is issued.
    const mails = await db.select().from(mailOutbox).where(eq(mailOutbox.to, existing.email));
    expect(mails.map((m) => m.template)).toEqual(["account-exists"]);
    expect(await db.$count(emailCodes, eq(emailCodes.userId, existing.id))).toBe(0);
  });

  it("signing up again before verifying replaces the password and the code", async () => {
    const { db } = await testDb();
    const email = `${unique("again")}@example.com`;
    const base = Date.now();
    const restore = Date.now;
    Date.now = () => base;
    try {
      await call(addUser, post("/api/user/add_user", { email, password: "first password!" }));
      const first = (await latestMailCode(db, email))!;
      Date.now = () => base + 61_000;
      expect((await call(addUser, post("/api/user/add_user", { email, password: "second password!" }))).status).toBe(202);
      const second = (await latestMailCode(db, email))!;
      expect(await db.$count(users, eq(users.email, email))).toBe(1);
      if (first !== second) expect((await call(verify, post("/api/user/verify", { email, code: first }))).status).toBe(400);
      expect((await call(verify, post("/api/user/verify", { email, code: second }))).status).toBe(204);
      expect((await call(login, post("/api/user/login", { email, password: "first password!" }))).status).toBe(401);
      expect((await call(login, post("/api/user/login", { email, password: "second password!" }))).status).toBe(200);
    } finally {
      Date.now = restore;
    }
  });

  it("a mail that cannot be sent is logged and answered with 'could not send', not a 500", async () => {
    const email = `${unique("mailfail")}@example.com`;
    setMailTransportForTests({
      name: "test",
      async send() {
        throw new Error("provider down");
      },
    });
    const r = await call(addUser, post("/api/user/add_user", { email, password: "a fine password" }, { "accept-language": "zh-CN" }));
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe("mail_failed");
    expect(r.body.error.message).toBe("邮件发送失败，请稍后重试。");
    // The throttle point is given back: trying again at once works.
    setMailTransportForTests(null);
    expect((await call(addUser, post("/api/user/add_user", { email, password: "a fine password" }))).status).toBe(202);
    const { db } = await testDb();
    const { querySystemLog } = await import("@/lib/logs/system-log");
    const logged = await querySystemLog(db, testAdmin, { source: "mail", q: "could not send", limit: 200 });
    expect(logged.items.some((l) => l.context.to === email)).toBe(true);
  });
});
