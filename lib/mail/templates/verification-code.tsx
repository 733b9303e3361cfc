import { MailCode, MailLayout, MailText } from "./layout";
import { defineTemplate } from "./types";

export interface CodeMailData {
  code: string;
  minutes: number;
}

export const verificationCode = defineTemplate<CodeMailData>({
  subject: ({ t, appName }, { code }) => t("verificationCode.subject", { code, appName }),
  body: (ctx, { code, minutes }) => (
    <MailLayout ctx={ctx} preview={ctx.t("verificationCode.preview", { code })} heading={ctx.t("verificationCode.heading")}>
      <MailText>{ctx.t("verificationCode.intro")}</MailText>
      <MailCode code={code} />
      <MailText>{ctx.t("verificationCode.expires", { minutes })}</MailText>
      <MailText>{ctx.t("verificationCode.ignore")}</MailText>
    </MailLayout>
  ),
});
