import type { Db } from "@/db/client";
import { mailCodeIfAccount } from "./code-mail";
import type { RequestContext } from "./context";

/** A new verification code for a pending account; for any other email, the same answer and no mail. */
export async function resendVerificationCode(db: Db, input: { email: string }, ctx: RequestContext): Promise<void> {
  await mailCodeIfAccount(db, input.email, ctx, { status: "pending", purpose: "verify" });
}
