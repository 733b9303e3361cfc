import type { AppLocale } from "@/lib/i18n/config";

// ICU (built into Node) knows the assigned ISO 3166-1 alpha-2 codes; it also names a few groupings and test
// codes that are not countries, which are refused here.
const NOT_COUNTRIES = new Set(["EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"]);
const english = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });

/** An ISO 3166-1 alpha-2 code, upper case ("HK", "US"), that names a country or territory. */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && !NOT_COUNTRIES.has(code) && english.of(code) !== undefined;
}

/** The country's name in `locale`, or the code itself when it has none. */
export function countryName(code: string, locale: AppLocale): string {
  return new Intl.DisplayNames([locale], { type: "region", fallback: "code" }).of(code) ?? code;
}
