import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { clearThrottle, throttle } from "@/lib/auth/throttle";
import { now } from "@/lib/clock";
import { badRequest } from "@/lib/errors";
import { writeAudit } from "@/lib/logs/audit-log";
import { mailCodeIfAccount } from "./code-mail";
import type { RequestContext } from "./context";
import { consumeAccountCode } from "./email-codes";
import type { ResetInput } from "./schemas";
import { endAllSessions } from "./sessions";

/** Mails a reset code to an active account; every other email gets the same answer and no mail. */
export async function requestPasswordReset(db: Db, input: { email: string }, ctx: RequestContext): Promise<void> {
  await mailCodeIfAccount(db, input.email, ctx, { status: "active", purpose: "reset" });
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
    const user = await consumeAccountCode(tx, input.email, { status: "active", purpose: "reset" }, input.code);
    if (!user) return false;
    await tx.update(users).set({ passwordHash, updatedAt: now() }).where(eq(users.id, user.id));
    await endAllSessions(tx, user.id);
    await writeAudit(tx, { actor: user, action: "auth.password_reset", target: { type: "user", id: user.id }, meta: ctx.meta });
    return true;
  });
  if (!done) throw badRequest("invalid_code", { code: ["invalid_code"] });
  await clearThrottle(db, "loginAccount", input.email);
}
