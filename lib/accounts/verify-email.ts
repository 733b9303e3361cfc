import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users, type User } from "@/db/schema";
import type { SessionClaims } from "@/lib/auth/types";
import { throttle } from "@/lib/auth/throttle";
import { now } from "@/lib/clock";
import { badRequest } from "@/lib/errors";
import { recordHistory } from "@/lib/history/record-history";
import { writeAudit } from "@/lib/logs/audit-log";
import type { RequestContext } from "./context";
import { consumeAccountCode } from "./email-codes";
import { startSession } from "./sessions";
import type { VerifyInput } from "./schemas";

/**
 * Confirms a pending account with its emailed code and activates it. Any failure — unknown email, wrong,
 * expired, used or exhausted code, account not pending — is the same "invalid_code".
 */
export async function verifyEmail(db: Db, input: VerifyInput, ctx: RequestContext): Promise<User> {
  await throttle(db, [
    ["codeAccount", input.email],
    ["codeIp", ctx.meta.ip],
  ]);
  const verified = await db.transaction(async (tx) => {
    const user = await consumeAccountCode(tx, input.email, { status: "pending", purpose: "verify" }, input.code);
    if (!user) return null;
    const at = now();
    const [active] = await tx.update(users).set({ status: "active", emailVerifiedAt: at, updatedAt: at }).where(eq(users.id, user.id)).returning();
    await writeAudit(tx, { actor: user, action: "account.verified", target: { type: "user", id: user.id }, meta: ctx.meta });
    await recordHistory(tx, user.id, "verified", { email: user.email });
    return active;
  });
  if (!verified) throw badRequest("invalid_code", { code: ["invalid_code"] });
  return verified;
}

/**
 * The verify form: confirms the address, then logs the customer in on this device. The mailed code proves the
 * mailbox as a reset code does, so asking for the password again right after would add nothing.
 */
export async function verifyEmailAndLogIn(db: Db, input: VerifyInput, ctx: RequestContext): Promise<{ user: User; session: SessionClaims }> {
  const verified = await verifyEmail(db, input, ctx);
  const [user] = await db.update(users).set({ lastLoginAt: now() }).where(eq(users.id, verified.id)).returning();
  await writeAudit(db, { actor: user, action: "auth.login", target: { type: "user", id: user.id }, meta: ctx.meta, details: { via: "email_code" } });
  return { user, session: await startSession(db, user, ctx.meta) };
}
