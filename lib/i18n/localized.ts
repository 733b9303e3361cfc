import type { AppLocale } from "./config";

/**
 * Names stored in both languages (plans, regions) are read through here: the reader's language, falling
 * back to English where the Chinese name is missing.
 */
export function inLocale<T>(locale: AppLocale | string, en: T, zh: T | null | undefined): T {
  return locale === "zh-CN" && zh != null ? zh : en;
}

/** The name in the reader's language; `other` is the one in the other language (shown as a second line). */
export function localizedName(locale: AppLocale | string, names: { nameEn: string; nameZh: string }): string {
  return inLocale(locale, names.nameEn, names.nameZh);
}

export function otherLocaleName(locale: AppLocale | string, names: { nameEn: string; nameZh: string }): string {
  return locale === "zh-CN" ? names.nameEn : names.nameZh;
}
