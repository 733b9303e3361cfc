import { MailButton, MailLayout, MailText } from "./layout";
import { defineTemplate } from "./types";

/**
 * An operator alert (lib/alerts): started, resolved, or the settings page's test. The words are made by
 * lib/alerts/describe.ts, the same as the webhook's `text`, so both targets say the same thing.
 */
export interface AlertMailData {
  title: string;
  lines: string[];
  event: "firing" | "resolved" | "test";
}

export const alertMail = defineTemplate<AlertMailData>({
  subject: ({ t, appName }, { title }) => t("alert.subject", { appName, title }),
  body: (ctx, { title, lines }) => (
    <MailLayout ctx={ctx} preview={title} heading={title}>
      {lines.map((line, i) => (
        <MailText key={i}>{line}</MailText>
      ))}
      <MailText>{ctx.t("alert.why")}</MailText>
      <MailButton href={`${ctx.appUrl}/admin/settings`}>{ctx.t("alert.button")}</MailButton>
    </MailLayout>
  ),
});
