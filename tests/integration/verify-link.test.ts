import { and, desc, eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as addUser } from "@/app/api/user/add_user/route";
import { mailOutbox, sessions, users } from "@/db/schema";
import { mailedCode } from "@/lib/accounts/code-link";
import { requestPasswordReset } from "@/lib/accounts/password-reset";
import { verifyEmailAndLogIn } from "@/lib/accounts/verify-email";
import { getCurrentUser } from "@/lib/auth/current-user";
import { createSessionToken, SESSION_COOKIE } from "@/lib/auth/session";
import { resetEnvForTests } from "@/lib/env";
import { call, createUser, jsonRequest, randomIp } from "../helpers/auth";
import { testDb, unique } from "../helpers/db";

/** Issue 8, item 11: code mails carry a link that fills the code in, and verifying signs the customer in. */

const redisUrl = process.env.REDIS_URL;
beforeAll(() => {
  delete process.env.REDIS_URL;
  resetEnvForTests();
});
afterAll(() => {
  if (redisUrl) process.env.REDIS_URL = redisUrl;
  resetEnvForTests();
});

async function mailLink(email: string, template: string, page: string): Promise<URL> {
  const { db } = await testDb();
  const [mail] = await db
    .select()
    .from(mailOutbox)
    .where(and(eq(mailOutbox.to, email), eq(mailOutbox.template, template)))
    .orderBy(desc(mailOutbox.id))
    .limit(1);
  const href = mail.text.match(new RegExp(`http://localhost:3000${page}\\?[^\\s\\]]+`))?.[0];
  expect(href, mail.text).toBeDefined();
  expect(mail.html).toContain(`href="${href!.replace(/&/g, "&amp;")}"`);
  return new URL(href!);
}

const ctx = () => ({ meta: { ip: randomIp(), userAgent: "vitest" }, locale: "en" as const });

describe("the verification mail's link", () => {
  it("opens the verify page with the email and the code filled in; confirming signs the customer in", async () => {
    const { db } = await testDb();
    const email = `${unique("link")}@example.com`;
    const signed = await call(addUser, jsonRequest("/api/user/add_user", { body: { email, password: "a fine password 1" }, headers: { "x-forwarded-for": randomIp() } }));
    expect(signed.status).toBe(202);

    const link = await mailLink(email, "verification-code", "/verify");
    expect(link.searchParams.get("email")).toBe(email);
    const code = mailedCode(link.searchParams.get("code"));
    expect(code).toMatch(/^\d{6}$/);

    // A wrong code: refused, and nobody is signed in.
    const [pending] = await db.select().from(users).where(eq(users.email, email));
    await expect(verifyEmailAndLogIn(db, { email, code: code === "000000" ? "111111" : "000000" }, ctx())).rejects.toMatchObject({
      status: 400,
      code: "invalid_code",
    });
    expect(await db.select().from(sessions).where(eq(sessions.userId, pending.id))).toHaveLength(0);

    const { user, session } = await verifyEmailAndLogIn(db, { email, code }, ctx());
    expect(user).toMatchObject({ email, status: "active" });
    expect(user.lastLoginAt).toBeInstanceOf(Date);
    // The session is a real one: its cookie is this user's on the next request.
    const cookie = `${SESSION_COOKIE}=${await createSessionToken(session)}`;
    const caller = await getCurrentUser(new NextRequest("http://localhost:3000/", { headers: { cookie } }).headers);
    expect(caller).toMatchObject({ id: user.id, email });
    // The code is spent: the same link does not sign anyone in again.
    await expect(verifyEmailAndLogIn(db, { email, code }, ctx())).rejects.toMatchObject({ code: "invalid_code" });
  });

  it("fills in nothing that is not a code", () => {
    for (const bad of ["12345", "1234567", "abcdef", "123 456", undefined, ["123456"]]) expect(mailedCode(bad)).toBe("");
  });
});

describe("the password reset mail's link", () => {
  it("opens the reset page with the email and the code filled in", async () => {
    const { db } = await testDb();
    const user = await createUser(db, { passwordHash: "x" });
    await requestPasswordReset(db, { email: user.email }, ctx());
    const link = await mailLink(user.email, "password-reset-code", "/reset-password");
    expect(link.searchParams.get("email")).toBe(user.email);
    expect(mailedCode(link.searchParams.get("code"))).toMatch(/^\d{6}$/);
  });
});
