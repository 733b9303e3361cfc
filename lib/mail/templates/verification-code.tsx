import { MailButton, MailCode, MailLayout, MailText } from "./layout";
import { defineTemplate } from "./types";

export interface CodeMailData {
  code: string;
  minutes: number;
  /** The page that takes the code, with the email and the code filled in. */
  link: string;
}

export const verificationCode = defineTemplate<CodeMailData>({
  subject: ({ t, appName }, { code }) => t("verificationCode.subject", { code, appName }),
  body: (ctx, { code, minutes, link }) => (
    <MailLayout ctx={ctx} preview={ctx.t("verificationCode.preview", { code })} heading={ctx.t("verificationCode.heading")}>
      <MailText>{ctx.t("verificationCode.intro")}</MailText>
      <MailButton href={link}>{ctx.t("verificationCode.button")}</MailButton>
      <MailText>{ctx.t("verificationCode.orCode")}</MailText>
      <MailCode code={code} />
      <MailText>{ctx.t("verificationCode.expires", { minutes })}</MailText>
      <MailText>{ctx.t("verificationCode.ignore")}</MailText>
    </MailLayout>
  ),
});
