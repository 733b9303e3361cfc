import { eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { users, type Locale, type User } from "@/db/schema";
import type { RequestMeta, SessionClaims, SessionUser } from "@/lib/auth/types";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { clearThrottle, refund, throttle } from "@/lib/auth/throttle";
import { now } from "@/lib/clock";
import { badRequest, notFound } from "@/lib/errors";
import { writeAudit } from "@/lib/logs/audit-log";
import { findUserById } from "./find-user";
import type { ChangePasswordInput } from "./schemas";
import { endAllSessions, startSession } from "./sessions";

/** What a user may see about their own account (and an admin about anyone's). */
export interface Profile {
  id: string;
  email: string;
  role: User["role"];
  status: User["status"];
  locale: Locale;
  /** The zone dates are shown in; null: the browser's. */
  timeZone: string | null;
  emailVerifiedAt: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
  /** Whether the account logs in with a TOTP code after the password. */
  twoFactor: boolean;
}

export function toProfile(user: User): Profile {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    status: user.status,
    locale: user.locale,
    timeZone: user.timeZone,
    emailVerifiedAt: user.emailVerifiedAt,
    lastLoginAt: user.lastLoginAt,
    createdAt: user.createdAt,
    twoFactor: user.totpEnabledAt !== null,
  };
}

export async function getProfile(db: DbOrTx, user: SessionUser): Promise<Profile> {
  const row = await findUserById(db, user.id);
  if (!row) throw notFound();
  return toProfile(row);
}

/** Changes the fields given: the language, and the time zone (null: follow the browser's). */
export async function updateProfile(
  db: DbOrTx,
  user: SessionUser,
  input: { locale?: Locale; timeZone?: string | null },
): Promise<Profile> {
  const [row] = await db
    .update(users)
    .set({ locale: input.locale, timeZone: input.timeZone, updatedAt: now() })
    .where(eq(users.id, user.id))
    .returning();
  if (!row) throw notFound();
  return toProfile(row);
}

/**
 * Changes the password after checking the current one, and ends every session (including this one: the
 * caller gets a new session to issue a fresh cookie for the device that made the change).
 */
export async function changePassword(
  db: Db,
  user: SessionUser,
  input: ChangePasswordInput,
  meta: RequestMeta,
): Promise<SessionClaims> {
  // Checking the current password is a password guess like a login; it shares the account's counter.
  await throttle(db, [
    ["loginAccount", user.email],
    ["loginIp", meta.ip],
  ]);
  const row = await findUserById(db, user.id);
  if (!row) throw notFound();
  if (!(await verifyPassword(row.passwordHash, input.currentPassword))) {
    throw badRequest("wrong_password", { currentPassword: ["wrong_password"] });
  }
  await Promise.all([clearThrottle(db, "loginAccount", user.email), refund(db, "loginIp", meta.ip)]);
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: now() }).where(eq(users.id, user.id));
    const sessionVersion = await endAllSessions(tx, user.id);
    await writeAudit(tx, { actor: user, action: "auth.password_changed", target: { type: "user", id: user.id }, meta });
    return startSession(tx, { id: user.id, sessionVersion }, meta);
  });
}
