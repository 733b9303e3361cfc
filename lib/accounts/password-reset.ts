import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { clearThrottle, throttle } from "@/lib/auth/throttle";
import { now } from "@/lib/clock";
import { badRequest } from "@/lib/errors";
import { writeAudit } from "@/lib/logs/audit-log";
import { sendMail } from "@/lib/mail/mailer";
import { sendWithRefund, throttleCodeMail } from "./code-mail";
import type { RequestContext } from "./context";
import { CODE_TTL_MINUTES, consumeEmailCode, hashDummyCode, issueEmailCode } from "./email-codes";
import { findUserByEmail } from "./find-user";
import type { ResetInput } from "./schemas";

/** Mails a reset code to an active account; every other email gets the same answer and no mail. */
export async function requestPasswordReset(db: Db, input: { email: string }, ctx: RequestContext): Promise<void> {
  await throttleCodeMail(db, input.email, ctx.meta);
  const issued = await db.transaction(async (tx) => {
    const user = await findUserByEmail(tx, input.email, true);
    if (!user || user.status !== "active") return null;
    return { user, code: await issueEmailCode(tx, user.id, "reset") };
  });
  if (!issued) return;
  await sendWithRefund(db, input.email, ctx.meta, () =>
    sendMail(db, {
      to: input.email,
      locale: issued.user.locale,
      template: "password-reset-code",
      data: { code: issued.code, minutes: CODE_TTL_MINUTES },
    }),
  );
}

/**
 * Sets a new password with a reset code and ends every existing session of the account. Failures are the
 * same "invalid_code" whether or not the email is registered.
 */
export async function resetPassword(db: Db, input: ResetInput, ctx: RequestContext): Promise<void> {
  await throttle(db, [
    ["codeAccount", input.email],
    ["codeIp", ctx.meta.ip],
  ]);
  const passwordHash = await hashPassword(input.password);
  const done = await db.transaction(async (tx) => {
    const user = await findUserByEmail(tx, input.email, true);
    if (!user || user.status !== "active") {
      hashDummyCode(input.code);
      return false;
    }
    // No throw in here after a wrong guess: the counted attempt must be committed.
    if (!(await consumeEmailCode(tx, user.id, "reset", input.code))) return false;
    await tx
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: now() })
      .where(eq(users.id, user.id));
    await writeAudit(tx, { actor: user, action: "auth.password_reset", target: { type: "user", id: user.id }, meta: ctx.meta });
    return true;
  });
  if (!done) throw badRequest("invalid_code", { code: ["invalid_code"] });
  await clearThrottle(db, "loginAccount", input.email);
}
