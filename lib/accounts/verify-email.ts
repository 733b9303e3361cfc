import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { throttle } from "@/lib/auth/throttle";
import { now } from "@/lib/clock";
import { badRequest } from "@/lib/errors";
import { recordHistory } from "@/lib/history/record-history";
import { writeAudit } from "@/lib/logs/audit-log";
import type { RequestContext } from "./context";
import { consumeAccountCode } from "./email-codes";
import type { VerifyInput } from "./schemas";

/**
 * Confirms a pending account with its emailed code and activates it. Any failure — unknown email, wrong,
 * expired, used or exhausted code, account not pending — is the same "invalid_code".
 */
export async function verifyEmail(db: Db, input: VerifyInput, ctx: RequestContext): Promise<void> {
  await throttle(db, [
    ["codeAccount", input.email],
    ["codeIp", ctx.meta.ip],
  ]);
  const verified = await db.transaction(async (tx) => {
    const user = await consumeAccountCode(tx, input.email, { status: "pending", purpose: "verify" }, input.code);
    if (!user) return false;
    const at = now();
    await tx.update(users).set({ status: "active", emailVerifiedAt: at, updatedAt: at }).where(eq(users.id, user.id));
    await writeAudit(tx, { actor: user, action: "account.verified", target: { type: "user", id: user.id }, meta: ctx.meta });
    await recordHistory(tx, user.id, "verified", { email: user.email });
    return true;
  });
  if (!verified) throw badRequest("invalid_code", { code: ["invalid_code"] });
}
