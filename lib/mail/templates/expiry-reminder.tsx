import { MailButton, MailLayout, MailText } from "./layout";
import { defineTemplate } from "./types";

export interface ExpiryReminderData {
  plan: string;
  /** Days left when the reminder goes out (3 or 1). */
  days: number;
  /** The expiry, already formatted in the recipient's language and time zone. */
  expiresAt: string;
  graceDays: number;
}

export const expiryReminder = defineTemplate<ExpiryReminderData>({
  subject: ({ t }, { plan, days }) => t("expiryReminder.subject", { plan, days }),
  body: (ctx, { plan, days, expiresAt, graceDays }) => (
    <MailLayout ctx={ctx} preview={ctx.t("expiryReminder.preview", { plan, expiresAt })} heading={ctx.t("expiryReminder.heading", { days })}>
      <MailText>{ctx.t("expiryReminder.intro", { plan, expiresAt })}</MailText>
      <MailText>{ctx.t("expiryReminder.after", { graceDays })}</MailText>
      <MailButton href={`${ctx.appUrl}/activate`}>{ctx.t("expiryReminder.button")}</MailButton>
    </MailLayout>
  ),
});
