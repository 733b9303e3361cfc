import { MailButton, MailCode, MailLayout, MailText } from "./layout";
import { defineTemplate } from "./types";
import type { CodeMailData } from "./verification-code";

export const passwordResetCode = defineTemplate<CodeMailData>({
  subject: ({ t, appName }, { code }) => t("passwordResetCode.subject", { code, appName }),
  body: (ctx, { code, minutes, link }) => (
    <MailLayout ctx={ctx} preview={ctx.t("passwordResetCode.preview", { code })} heading={ctx.t("passwordResetCode.heading")}>
      <MailText>{ctx.t("passwordResetCode.intro")}</MailText>
      <MailButton href={link}>{ctx.t("passwordResetCode.button")}</MailButton>
      <MailText>{ctx.t("passwordResetCode.orCode")}</MailText>
      <MailCode code={code} />
      <MailText>{ctx.t("passwordResetCode.expires", { minutes })}</MailText>
      <MailText>{ctx.t("passwordResetCode.ignore")}</MailText>
    </MailLayout>
  ),
});
