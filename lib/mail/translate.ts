import { createTranslator } from "next-intl";
import type { AppLocale } from "@/lib/i18n/config";
import { getMessages } from "@/lib/i18n/messages";

export type MailTranslate = (key: string, values?: Record<string, string | number>) => string;

/** Mail texts come from messages/<locale>/mail.json, in the recipient's language. */
export function mailTranslator(locale: AppLocale): MailTranslate {
  const t = createTranslator({ locale, messages: getMessages(locale), namespace: "mail" });
  return (key, values) => t(key as never, values as never);
}
