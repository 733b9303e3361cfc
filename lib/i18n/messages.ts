import { createTranslator } from "next-intl";
import type { AppLocale } from "./config";
import enCommon from "@/messages/en/common.json";
import enErrors from "@/messages/en/errors.json";
import zhCommon from "@/messages/zh-CN/common.json";
import zhErrors from "@/messages/zh-CN/errors.json";

/**
 * Messages are split per domain (messages/<locale>/<domain>.json) so that features can be added without
 * editing one big file; each file becomes a namespace of the same name.
 */
const catalog = {
  en: { common: enCommon, errors: enErrors },
  "zh-CN": { common: zhCommon, errors: zhErrors },
} satisfies Record<AppLocale, Record<string, unknown>>;

export type Messages = (typeof catalog)["en"];

export function getMessages(locale: AppLocale): Messages {
  return catalog[locale] as Messages;
}

/** Translates an error code from messages/<locale>/errors.json; unknown codes fall back to a generic text. */
export function translateError(locale: AppLocale, code: string, values?: Record<string, string | number>): string {
  const errors = getMessages(locale).errors as Record<string, string>;
  if (!(code in errors)) return errors.bad_request;
  const t = createTranslator({ locale, messages: getMessages(locale), namespace: "errors" });
  return t(code as never, values as never);
}

export function isErrorCode(locale: AppLocale, code: string): boolean {
  return code in (getMessages(locale).errors as Record<string, string>);
}
