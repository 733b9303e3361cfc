/**
 * Money is an integer number of minor units (cents, fen) plus an ISO 4217 currency. Conversions between
 * the decimal text people type and minor units are done on strings, never with floating point.
 */

const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

export function isCurrency(code: string): boolean {
  return CURRENCIES.has(code);
}

/** Digits after the decimal point for a currency (2 for USD/CNY, 0 for JPY). */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** "12.5" USD → 1250; null when the text is not a non-negative amount with at most the currency's digits. */
export function parseMoney(text: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const m = /^(\d{1,12})(?:[.,](\d*))?$/.exec(text.trim());
  if (!m) return null;
  const frac = m[2] ?? "";
  if (frac.length > digits) return null;
  const minor = Number(m[1] + frac.padEnd(digits, "0"));
  return Number.isSafeInteger(minor) ? minor : null;
}

/** 1250 USD → "12.50" (no symbol), for form inputs. */
export function minorToDecimal(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === 0) return String(minor);
  const s = String(Math.abs(minor)).padStart(digits + 1, "0");
  return `${minor < 0 ? "-" : ""}${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

/** Display: "$12.50", "¥12.50", in the reader's locale. */
export function formatMoney(minor: number, currency: string, locale: string): string {
  // The exact decimal string, so formatting never goes through a float.
  const decimal = minorToDecimal(minor, currency) as `${number}`;
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(decimal);
}
