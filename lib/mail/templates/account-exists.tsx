import { Link } from "@react-email/components";
import { MailLayout, MailText } from "./layout";
import { defineTemplate } from "./types";

export const accountExists = defineTemplate<Record<string, never>>({
  subject: ({ t, appName }) => t("accountExists.subject", { appName }),
  body: (ctx) => (
    <MailLayout ctx={ctx} preview={ctx.t("accountExists.preview")} heading={ctx.t("accountExists.heading")}>
      <MailText>{ctx.t("accountExists.intro")}</MailText>
      <MailText>
        <Link href={`${ctx.appUrl}/login`}>{ctx.t("accountExists.login")}</Link>
      </MailText>
      <MailText>
        <Link href={`${ctx.appUrl}/forgot-password`}>{ctx.t("accountExists.forgot")}</Link>
      </MailText>
      <MailText>{ctx.t("accountExists.ignore")}</MailText>
    </MailLayout>
  ),
});
