import { render } from "@react-email/render";
import type { DbOrTx } from "@/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { AppLocale } from "@/lib/i18n/config";
import { writeSystemLog } from "@/lib/logs/system-log";
import { mailTemplates, type MailTemplateData, type MailTemplateName } from "./templates";
import type { MailContext, MailTemplate } from "./templates/types";
import { mailTranslator } from "./translate";
import { mailTransport, type RenderedMail } from "./transport";

export interface MailMessage<N extends MailTemplateName> {
  to: string;
  locale: AppLocale;
  template: N;
  data: MailTemplateData<N>;
}

/** Subject, HTML and plain text of a template in the recipient's language. */
export async function renderMail<N extends MailTemplateName>(message: MailMessage<N>): Promise<RenderedMail> {
  const t = mailTranslator(message.locale);
  const ctx: MailContext = { locale: message.locale, appUrl: env().APP_URL, appName: t("layout.appName"), t };
  const template = mailTemplates[message.template] as MailTemplate<MailTemplateData<N>>;
  const element = template.body(ctx, message.data);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return {
    to: message.to,
    subject: template.subject(ctx, message.data),
    html,
    text,
    template: message.template,
    locale: message.locale,
  };
}

/**
 * The one way the app sends mail: Resend when RESEND_API_KEY and MAIL_FROM are set, otherwise the
 * development outbox. A failure is written to the system log and reaches the user as "mail_failed"
 * ("could not send, try again", 503), never as a 500.
 */
export async function sendMail<N extends MailTemplateName>(db: DbOrTx, message: MailMessage<N>): Promise<void> {
  const transport = mailTransport();
  try {
    await transport.send(db, await renderMail(message));
  } catch (e) {
    await writeSystemLog(db, {
      level: "error",
      source: "mail",
      message: "could not send mail",
      context: { template: message.template, to: message.to, transport: transport.name, error: String((e as Error)?.message ?? e) },
    });
    throw new AppError(503, "mail_failed");
  }
}
