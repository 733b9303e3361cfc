import { and, desc, eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { getDb, type Db } from "@/db/client";
import { mailOutbox, users, type Locale, type User, type UserRole, type UserStatus } from "@/db/schema";
import { createApiToken } from "@/lib/accounts/api-tokens";
import { startSession } from "@/lib/accounts/sessions";
import type { SessionUser } from "@/lib/auth/current-user";
import { hashPassword } from "@/lib/auth/password";
import { createSessionToken, SESSION_COOKIE } from "@/lib/auth/session";
import { unique } from "./db";

export type TestUser = User & { password: string };

/**
 * A user inserted directly (no sign-up mail), active and verified unless told otherwise, with a real argon2
 * hash of `password` (returned in plain text for login tests).
 */
export async function createUser(
  db: Db,
  /** `passwordHash` skips argon2 for users that never log in (tests that create many). */
  opts: { role?: UserRole; status?: UserStatus; email?: string; password?: string; passwordHash?: string; locale?: Locale } = {},
): Promise<TestUser> {
  const password = opts.password ?? `pw-${unique("secret")}`;
  const status = opts.status ?? "active";
  const [user] = await db
    .insert(users)
    .values({
      email: (opts.email ?? `${unique(opts.role ?? "user")}@example.com`).toLowerCase(),
      passwordHash: opts.passwordHash ?? (await hashPassword(password)),
      role: opts.role ?? "customer",
      status,
      locale: opts.locale ?? "en",
      emailVerifiedAt: status === "pending" ? null : new Date(),
    })
    .returning();
  return { ...user, password };
}

/** The user as guards and lib functions see it. */
export function sessionUser(user: Pick<User, "id" | "email" | "role" | "locale">): SessionUser {
  return { id: user.id, email: user.email, role: user.role, locale: user.locale };
}

/**
 * A new session row for `user` and its cookie ("name=value"), with the session version given (what a browser
 * that just logged in holds). The row lives in the database route handlers use.
 */
export async function testSession(
  user: Pick<User, "id" | "sessionVersion">,
  meta: { ip?: string; userAgent?: string } = {},
): Promise<{ sessionId: string; cookie: string }> {
  const claims = await startSession(await getDb(), user, { ip: meta.ip ?? null, userAgent: meta.userAgent ?? null });
  return { sessionId: claims.sessionId, cookie: `${SESSION_COOKIE}=${await createSessionToken(claims)}` };
}

/**
 * Headers with a valid session cookie for `user` at its current session version (each call is a new session,
 * as from another browser). Pass them to `new NextRequest(url, { headers })` in route-handler tests.
 */
export async function authHeaders(
  user: Pick<User, "id" | "sessionVersion">,
  extra: Record<string, string> = {},
): Promise<Record<string, string>> {
  return { cookie: (await testSession(user, { userAgent: extra["user-agent"] })).cookie, ...extra };
}

/** A personal API token for `Authorization: Bearer <token>`. */
export async function bearerToken(db: Db, user: Pick<User, "id" | "email" | "role" | "locale">): Promise<string> {
  return (await createApiToken(db, sessionUser(user), unique("token"))).token;
}

export async function bearerHeaders(db: Db, user: Pick<User, "id" | "email" | "role" | "locale">): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await bearerToken(db, user)}` };
}

/** The code in the newest development-outbox mail to `email` of the given template. */
export async function latestMailCode(db: Db, email: string, template = "verification-code"): Promise<string | null> {
  const [mail] = await db
    .select()
    .from(mailOutbox)
    .where(and(eq(mailOutbox.to, email.toLowerCase()), eq(mailOutbox.template, template)))
    .orderBy(desc(mailOutbox.id))
    .limit(1);
  return mail?.text.match(/\b(\d{6})\b/)?.[1] ?? null;
}

/** A random documentation-range address, so throttling per client address never crosses tests. */
export function randomIp(): string {
  const n = () => Math.floor(Math.random() * 254) + 1;
  return `198.18.${n()}.${n()}`;
}

/** A JSON request for a route handler; a string body is sent as is (for malformed JSON tests). */
export function jsonRequest(
  path: string,
  opts: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): NextRequest {
  const body = opts.body === undefined ? undefined : typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
  return new NextRequest(`http://localhost:3000${path}`, {
    method: opts.method ?? (body === undefined ? "GET" : "POST"),
    headers: { "content-type": "application/json", ...opts.headers },
    body,
  });
}

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

/** Calls a route handler and returns the status, the parsed JSON body and the response. */
export async function call(
  handler: Handler,
  req: NextRequest,
  params: Record<string, string> = {},
  // Test code reads arbitrary JSON answers; `any` keeps the assertions short.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<{ status: number; body: any; res: Response }> {
  const res = await handler(req, { params: Promise.resolve(params) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, res };
}

/** The session cookie a response set, as a Cookie header value ("name=value"), or null. */
export function sessionCookieFrom(res: Response): string | null {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const [name, value] = pair.split("=");
    if (name.endsWith("next-auth.session-token") && value) return `${name}=${value}`;
  }
  return null;
}
