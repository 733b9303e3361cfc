export const locales = ["en", "zh-CN"] as const;
export type AppLocale = (typeof locales)[number];
export const defaultLocale: AppLocale = "en";
/** next-intl's conventional cookie name; the language switcher writes it. */
export const LOCALE_COOKIE = "NEXT_LOCALE";

export function isLocale(value: unknown): value is AppLocale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

/**
 * The cookie wins (an explicit choice); otherwise the first language in Accept-Language that we speak,
 * by quality. Any Chinese variant maps to zh-CN, any English one to en.
 */
export function resolveLocale(cookieValue: string | undefined | null, acceptLanguage: string | null): AppLocale {
  if (isLocale(cookieValue)) return cookieValue;
  return acceptedLocale(acceptLanguage) ?? defaultLocale;
}

/**
 * The language of an API call or server action by a signed-in caller: the language cookie (this browser's
 * explicit choice), else the request's Accept-Language when it names a language we speak (a script asking
 * for Chinese gets Chinese, whatever the account says), else the account's saved language.
 */
export function callerLocale(
  cookieValue: string | undefined | null,
  acceptLanguage: string | null,
  accountLocale: AppLocale | undefined,
): AppLocale {
  if (isLocale(cookieValue)) return cookieValue;
  return acceptedLocale(acceptLanguage) ?? accountLocale ?? defaultLocale;
}

/** The first language of an Accept-Language header that we speak, by quality; null when it names none. */
export function acceptedLocale(acceptLanguage: string | null): AppLocale | null {
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((l) => l.tag && l.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === "zh" || tag.startsWith("zh-")) return "zh-CN";
    if (tag === "en" || tag.startsWith("en-")) return "en";
  }
  return null;
}
