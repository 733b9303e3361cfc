import type { Db } from "@/db/client";
import { assertAdmin, auditActor } from "@/lib/auth/access";
import type { RequestMeta, SessionUser } from "@/lib/auth/types";
import { conflict, notFound } from "@/lib/errors";
import { writeAudit } from "@/lib/logs/audit-log";
import { mailCodeIfAccount } from "./code-mail";
import { findUserById } from "./find-user";

/**
 * Mails an admin sends on a user's behalf from the user's page: a new verification code to a pending
 * account, a password-reset code to an active one. The same mails and the same per-address throttle as when
 * the user asks (so an admin cannot flood a mailbox either), in the user's language, audit-logged.
 */
async function mailFor(
  db: Db,
  actor: SessionUser,
  userId: string,
  kind: { status: "pending" | "active"; purpose: "verify" | "reset"; refused: string },
  input: { reason?: string },
  meta: RequestMeta,
): Promise<void> {
  assertAdmin(actor);
  const user = await findUserById(db, userId);
  if (!user) throw notFound();
  if (user.status !== kind.status) throw conflict(kind.refused);
  await mailCodeIfAccount(db, user.email, { meta, locale: user.locale }, { status: kind.status, purpose: kind.purpose });
  await writeAudit(db, {
    actor: auditActor(actor),
    action: kind.purpose === "verify" ? "user.verification_mail_sent" : "user.password_reset_mail_sent",
    target: { type: "user", id: userId },
    meta,
    details: { email: user.email, adminReason: input.reason ?? null },
  });
}

/** A new verification code for a pending account (409 user_not_pending otherwise). */
export function sendVerificationMailAsAdmin(db: Db, actor: SessionUser, userId: string, input: { reason?: string }, meta: RequestMeta) {
  return mailFor(db, actor, userId, { status: "pending", purpose: "verify", refused: "user_not_pending" }, input, meta);
}

/** A password-reset code for an active account (409 user_not_active otherwise); the password is unchanged until the user uses it. */
export function sendPasswordResetAsAdmin(db: Db, actor: SessionUser, userId: string, input: { reason?: string }, meta: RequestMeta) {
  return mailFor(db, actor, userId, { status: "active", purpose: "reset", refused: "user_not_active" }, input, meta);
}
