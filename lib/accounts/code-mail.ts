import type { Db, DbOrTx } from "@/db/client";
import type { EmailCodePurpose, UserStatus } from "@/db/schema";
import { refund, throttle } from "@/lib/auth/throttle";
import type { RequestMeta } from "@/lib/logs/audit-log";
import { env } from "@/lib/env";
import { sendMail } from "@/lib/mail/mailer";
import { codeLink } from "./code-link";
import type { RequestContext } from "./context";
import { CODE_TTL_MINUTES, issueEmailCode } from "./email-codes";
import { findUserByEmail } from "./find-user";

/**
 * Mails that carry a code (or answer a code request) are throttled per address — at most once a minute and
 * five times an hour — and per client address. The counters move for every address asked about, registered
 * or not, so a refusal says nothing about whether an account exists.
 */
export async function throttleCodeMail(db: DbOrTx, email: string, meta: RequestMeta): Promise<void> {
  await throttle(db, [
    ["mailMinute", email],
    ["mailHour", email],
    ["mailIp", meta.ip],
  ]);
}

/** Runs `send`; when it fails, gives the throttle points back so that "try again" is possible at once. */
export async function sendWithRefund(db: DbOrTx, email: string, meta: RequestMeta, send: () => Promise<void>): Promise<void> {
  try {
    await send();
  } catch (e) {
    await Promise.all([refund(db, "mailMinute", email), refund(db, "mailHour", email), refund(db, "mailIp", meta.ip)]);
    throw e;
  }
}

const CODE_MAIL = { verify: "verification-code", reset: "password-reset-code" } as const;

/**
 * Mails a new `purpose` code to the account at `email` if it is in `status` (a pending account for
 * verification, an active one for a reset). Every other email gets the same answer and no mail.
 */
export async function mailCodeIfAccount(
  db: Db,
  email: string,
  ctx: RequestContext,
  want: { status: UserStatus; purpose: EmailCodePurpose },
): Promise<void> {
  await throttleCodeMail(db, email, ctx.meta);
  const issued = await db.transaction(async (tx) => {
    const user = await findUserByEmail(tx, email, true);
    if (!user || user.status !== want.status) return null;
    return { user, code: await issueEmailCode(tx, user.id, want.purpose) };
  });
  if (!issued) return;
  await sendWithRefund(db, email, ctx.meta, () =>
    sendMail(db, {
      to: email,
      locale: issued.user.locale,
      template: CODE_MAIL[want.purpose],
      data: { code: issued.code, minutes: CODE_TTL_MINUTES, link: codeLink(env().APP_URL, want.purpose, email, issued.code) },
    }),
  );
}
