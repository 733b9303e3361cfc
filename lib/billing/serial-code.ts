/**
 * Serial code format: Crockford base32, 19 random symbols (95 bits) and one check symbol, shown as
 * XXXXX-XXXXX-XXXXX-XXXXC. The check symbol is Crockford's: the 95-bit value modulo 37, written with the
 * alphabet extended by * ~ $ = U. Generation keeps only values whose check symbol is a plain letter or digit
 * (32 of 37 residues), so printed codes never contain punctuation; that leaves log2(2^95 * 32/37) ≈ 94.8 bits.
 * Verification accepts the whole standard alphabet.
 *
 * This module is pure (no Node APIs) so the activation form can show the normalised code as it is typed;
 * generation lives in serial-generate.ts.
 */

export const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const CHECK_ALPHABET = ALPHABET + "*~$=U";
export const DATA_SYMBOLS = 19;
export const CODE_LENGTH = DATA_SYMBOLS + 1;

const VALUE = new Map<string, number>();
for (let i = 0; i < CHECK_ALPHABET.length; i++) VALUE.set(CHECK_ALPHABET[i], i);
// Crockford's decoding aliases for characters people confuse.
const ALIASES: Record<string, string> = { I: "1", L: "1", O: "0" };

export type SerialParseResult =
  | { ok: true; code: string }
  | { ok: false; error: "serial_format" | "serial_check" };

/** Uppercase, drop spaces and dashes, and apply Crockford's aliases (I/L → 1, O → 0). */
export function normalizeSerialInput(input: string): string {
  let out = "";
  for (const ch of input.toUpperCase().replace(/[\s\-\u2010-\u2015\u2212_]/g, "")) out += ALIASES[ch] ?? ch;
  return out;
}

/** Crockford check value (0..36) of data symbols that are all in ALPHABET. */
function checkValue(data: string): number {
  let r = 0;
  for (let i = 0; i < data.length; i++) r = (r * 32 + VALUE.get(data[i])!) % 37;
  return r;
}

/**
 * Verifies format and check symbol without touching any storage. On success `code` is the canonical
 * 20-symbol form (no dashes) that the lookup hash is computed over.
 */
export function parseSerialCode(input: string): SerialParseResult {
  const s = normalizeSerialInput(input);
  if (s.length !== CODE_LENGTH) return { ok: false, error: "serial_format" };
  const data = s.slice(0, DATA_SYMBOLS);
  for (const ch of data) {
    // U and the punctuation symbols are valid only as the check symbol.
    const v = VALUE.get(ch);
    if (v === undefined || v >= 32) return { ok: false, error: "serial_format" };
  }
  const check = VALUE.get(s[DATA_SYMBOLS]);
  if (check === undefined) return { ok: false, error: "serial_format" };
  if (checkValue(data) !== check) return { ok: false, error: "serial_check" };
  return { ok: true, code: s };
}

/**
 * How the activation form reads what is being typed. `none`: not a whole code in the code's alphabet (being typed,
 * or other text such as "hello world"), so nothing is said about it; `code`: a plausible code, shown normalised;
 * `typo`: a whole code whose check symbol does not match.
 */
export function readSerialInput(input: string): { kind: "none" } | { kind: "code" | "typo"; formatted: string } {
  const parsed = parseSerialCode(input);
  if (parsed.ok) return { kind: "code", formatted: formatSerialCode(parsed.code) };
  if (parsed.error === "serial_check") return { kind: "typo", formatted: formatSerialCode(normalizeSerialInput(input)) };
  return { kind: "none" };
}

/** XXXXX-XXXXX-XXXXX-XXXXC */
export function formatSerialCode(code: string): string {
  return code.match(/.{1,5}/g)!.join("-");
}

/** Only the last group visible: for lists where the full code is not needed. */
export function maskSerialCode(code: string): string {
  return `•••••-•••••-•••••-${code.slice(15)}`;
}

/** The check symbol for 19 data symbols. */
export function checkSymbol(data: string): string {
  return CHECK_ALPHABET[checkValue(data)];
}
