import type { ReactElement } from "react";
import type { AppLocale } from "@/lib/i18n/config";
import type { MailTranslate } from "../translate";

export interface MailContext {
  locale: AppLocale;
  appUrl: string;
  appName: string;
  t: MailTranslate;
}

/**
 * One email: its subject and its body as a react-email element, both in the recipient's language.
 * Add a template by writing one of these in lib/mail/templates/<name>.tsx, registering it in
 * lib/mail/templates/index.ts and adding its texts to messages/<locale>/mail.json.
 */
export interface MailTemplate<Data> {
  subject(ctx: MailContext, data: Data): string;
  body(ctx: MailContext, data: Data): ReactElement;
}

export function defineTemplate<Data>(template: MailTemplate<Data>): MailTemplate<Data> {
  return template;
}
