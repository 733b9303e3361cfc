import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users, type User } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import { recordHistory } from "@/lib/history/record-history";
import { writeAudit } from "@/lib/logs/audit-log";
import { sendMail } from "@/lib/mail/mailer";
import { codeLink } from "./code-link";
import { sendWithRefund, throttleCodeMail } from "./code-mail";
import type { RequestContext } from "./context";
import { CODE_TTL_MINUTES, issueEmailCode } from "./email-codes";
import type { SignUpInput } from "./schemas";

type Outcome =
  | { mail: "verification-code"; user: User; code: string }
  | { mail: "account-exists"; user: User }
  | { mail: null };

/**
 * Sign-up: creates a pending account and mails it a verification code. The answer is the same whether or
 * not the email is registered: an unverified account gets a new code (the newest sign-up's password wins,
 * so an account pre-registered by someone else cannot be taken over by its owner's verification), an
 * active account gets a "you already have an account" notice, a disabled one gets nothing.
 */
export async function signUp(db: Db, input: SignUpInput, ctx: RequestContext): Promise<void> {
  const email = input.email;
  await throttleCodeMail(db, email, ctx.meta);
  // Hashed in every case, so that known and unknown emails take the same time.
  const passwordHash = await hashPassword(input.password);
  const locale = input.locale ?? ctx.locale;

  const outcome = await db.transaction(async (tx): Promise<Outcome> => {
    const at = now();
    const [created] = await tx
      .insert(users)
      .values({ email, passwordHash, locale, status: "pending", createdAt: at, updatedAt: at })
      .onConflictDoNothing({ target: users.email })
      .returning();
    if (created) {
      await writeAudit(tx, { actor: created, action: "account.signed_up", target: { type: "user", id: created.id }, meta: ctx.meta });
      await recordHistory(tx, created.id, "registered", { email });
      return { mail: "verification-code", user: created, code: await issueEmailCode(tx, created.id, "verify") };
    }
    const [existing] = await tx.select().from(users).where(eq(users.email, email)).for("update");
    if (existing.status === "pending") {
      const [user] = await tx
        .update(users)
        .set({ passwordHash, locale, updatedAt: at })
        .where(eq(users.id, existing.id))
        .returning();
      return { mail: "verification-code", user, code: await issueEmailCode(tx, user.id, "verify") };
    }
    if (existing.status === "active") return { mail: "account-exists", user: existing };
    return { mail: null };
  });

  if (outcome.mail === null) return;
  await sendWithRefund(db, email, ctx.meta, () =>
    outcome.mail === "verification-code"
      ? sendMail(db, {
          to: email,
          locale: outcome.user.locale,
          template: "verification-code",
          data: { code: outcome.code, minutes: CODE_TTL_MINUTES, link: codeLink(env().APP_URL, "verify", email, outcome.code) },
        })
      : sendMail(db, { to: email, locale: outcome.user.locale, template: "account-exists", data: {} }),
  );
}
