import type { Db } from "@/db/client";
import { sendMail } from "@/lib/mail/mailer";
import { sendWithRefund, throttleCodeMail } from "./code-mail";
import type { RequestContext } from "./context";
import { CODE_TTL_MINUTES, issueEmailCode } from "./email-codes";
import { findUserByEmail } from "./find-user";

/** A new verification code for a pending account; for any other email, the same answer and no mail. */
export async function resendVerificationCode(db: Db, input: { email: string }, ctx: RequestContext): Promise<void> {
  await throttleCodeMail(db, input.email, ctx.meta);
  const issued = await db.transaction(async (tx) => {
    const user = await findUserByEmail(tx, input.email, true);
    if (!user || user.status !== "pending") return null;
    return { user, code: await issueEmailCode(tx, user.id, "verify") };
  });
  if (!issued) return;
  await sendWithRefund(db, input.email, ctx.meta, () =>
    sendMail(db, {
      to: input.email,
      locale: issued.user.locale,
      template: "verification-code",
      data: { code: issued.code, minutes: CODE_TTL_MINUTES },
    }),
  );
}
