import { eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { users, type User } from "@/db/schema";
import type { RequestMeta, SessionClaims, SessionUser } from "@/lib/auth/types";
import { verifyDummyPassword, verifyPassword } from "@/lib/auth/password";
import { clearThrottle, refund, throttle } from "@/lib/auth/throttle";
import { now } from "@/lib/clock";
import { AppError, unauthorized } from "@/lib/errors";
import { writeAudit } from "@/lib/logs/audit-log";
import { findUserByEmail } from "./find-user";
import type { LoginInput } from "./schemas";
import { endAllSessions, endCurrentSession, startSession } from "./sessions";
import { requireSecondFactor } from "./two-factor";

/**
 * The one credential check, used by POST /api/user/login, the login form and next-auth's credentials
 * provider. Throttled per account and per client address before the password is looked at; an unknown
 * email costs the same hashing time as a known one and gets the same "invalid_credentials".
 * Only the right password learns that an account is unverified or disabled, or that it asks for a second
 * factor: then the same request must carry `totp` (or `recoveryCode`); without it the answer is 401
 * "totp_required", and the form asks for the code.
 */
export async function authenticate(db: Db, input: LoginInput, meta: RequestMeta): Promise<User> {
  await throttle(db, [
    ["loginAccount", input.email],
    ["loginIp", meta.ip],
  ]);
  const user = await findUserByEmail(db, input.email);
  const ok = user ? await verifyPassword(user.passwordHash, input.password) : (await verifyDummyPassword(input.password), false);
  if (!user || !ok) {
    await writeAudit(db, {
      actor: user ? { id: user.id, email: user.email } : null,
      action: "auth.login_failed",
      target: user ? { type: "user", id: user.id } : undefined,
      meta,
      details: { email: input.email, reason: user ? "wrong_password" : "unknown_email" },
    });
    throw unauthorized("invalid_credentials");
  }
  // The right password: this was not a guessing attempt, whatever the account's state.
  await Promise.all([clearThrottle(db, "loginAccount", input.email), refund(db, "loginIp", meta.ip)]);
  if (user.status !== "active") {
    await writeAudit(db, {
      actor: { id: user.id, email: user.email },
      action: "auth.login_refused",
      target: { type: "user", id: user.id },
      meta,
      details: { reason: user.status },
    });
    throw new AppError(403, user.status === "pending" ? "email_not_verified" : "account_disabled");
  }
  const secondFactor = await requireSecondFactor(db, user, input, meta);
  const at = now();
  const [updated] = await db.update(users).set({ lastLoginAt: at }).where(eq(users.id, user.id)).returning();
  await writeAudit(db, {
    actor: user,
    action: "auth.login",
    target: { type: "user", id: user.id },
    meta,
    details: secondFactor ? { secondFactor } : undefined,
  });
  return updated;
}

/**
 * A login on any path (JSON route, login form, next-auth's credentials endpoint): the credential check, then a
 * session row of its own for this device, whose id the session cookie carries.
 */
export async function logIn(db: Db, input: LoginInput, meta: RequestMeta): Promise<{ user: User; session: SessionClaims }> {
  const user = await authenticate(db, input, meta);
  return { user, session: await startSession(db, user, meta) };
}

/** Ends every session of the user (all devices, all browsers, copied cookies). */
export async function logoutEverywhere(db: Db, user: SessionUser, meta: RequestMeta): Promise<void> {
  await db.transaction(async (tx) => {
    await endAllSessions(tx, user.id);
    await writeAudit(tx, { actor: user, action: "auth.logout_everywhere", target: { type: "user", id: user.id }, meta });
  });
}

/** Ends the session the request came with: a copy of its cookie stops working too. */
export async function logOut(db: DbOrTx, user: SessionUser, meta: RequestMeta): Promise<void> {
  await db.transaction(async (tx) => {
    await endCurrentSession(tx, user);
    await writeAudit(tx, { actor: user, action: "auth.logout", target: { type: "user", id: user.id }, meta });
  });
}
