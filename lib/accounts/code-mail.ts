import type { DbOrTx } from "@/db/client";
import { refund, throttle } from "@/lib/auth/throttle";
import type { RequestMeta } from "@/lib/logs/audit-log";

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
