import { describe, expect, it } from "vitest";
import {
  ALPHABET,
  checkSymbol,
  CHECK_ALPHABET,
  formatSerialCode,
  maskSerialCode,
  normalizeSerialInput,
  parseSerialCode,
  readSerialInput,
} from "./serial-code";
import { generateSerialCodes } from "./serial-generate";

/** The 95-bit value of 19 data symbols, with BigInt, to check the check symbol independently. */
function value(data: string): bigint {
  let v = 0n;
  for (const ch of data) v = v * 32n + BigInt(ALPHABET.indexOf(ch));
  return v;
}

describe("serial code format", () => {
  it("generates 20-symbol Crockford codes whose last symbol is the value mod 37", () => {
    const codes = generateSerialCodes(2_000);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) {
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);
      const data = code.slice(0, 19);
      expect(CHECK_ALPHABET[Number(value(data) % 37n)]).toBe(code[19]);
      expect(parseSerialCode(code)).toEqual({ ok: true, code });
    }
  });

  it("uses every data symbol and spreads the top bits (not a constant prefix)", () => {
    const codes = generateSerialCodes(3_000);
    const seen = new Set(codes.flatMap((c) => [...c.slice(0, 19)]));
    expect(seen.size).toBe(32);
    expect(new Set(codes.map((c) => c[0])).size).toBeGreaterThan(16);
    // The first symbol's top bit is random too: both halves of the alphabet appear first.
    expect(codes.some((c) => ALPHABET.indexOf(c[0]) >= 16)).toBe(true);
  });

  it("formats in groups of five and masks all but the last group", () => {
    expect(formatSerialCode("ABCDEFGHJKMNPQRSTVWX")).toBe("ABCDE-FGHJK-MNPQR-STVWX");
    expect(maskSerialCode("ABCDEFGHJKMNPQRSTVWX")).toBe("•••••-•••••-•••••-STVWX");
  });

  it("normalises case, dashes, spaces and the I/L/O aliases", () => {
    expect(normalizeSerialInput(" abcde-fghjk mnpqr\tstvwx ")).toBe("ABCDEFGHJKMNPQRSTVWX");
    expect(normalizeSerialInput("iIlLoO")).toBe("111100");
    expect(normalizeSerialInput("AB\u2013CD\u2014EF")).toBe("ABCDEF");
  });

  it("accepts a code typed in lower case, with spaces or aliases", () => {
    const [code] = generateSerialCodes(1);
    const typed = formatSerialCode(code).toLowerCase().replace(/-/g, " ");
    expect(parseSerialCode(typed)).toEqual({ ok: true, code });
    // Someone typing O for 0 and l for 1 gets the same code.
    const withZeroOne = "0000011111" + code.slice(10, 19);
    const full = withZeroOne + checkSymbol(withZeroOne);
    expect(parseSerialCode("OoOoO-lLiIl-" + full.slice(10))).toEqual({ ok: true, code: full });
  });

  it("rejects any single-symbol typo with the check symbol", () => {
    const [code] = generateSerialCodes(1);
    for (let i = 0; i < 20; i++) {
      for (const ch of ALPHABET) {
        if (ch === code[i]) continue;
        const typo = code.slice(0, i) + ch + code.slice(i + 1);
        expect(parseSerialCode(typo)).toEqual({ ok: false, error: "serial_check" });
      }
    }
  });

  it("rejects adjacent transpositions", () => {
    const [code] = generateSerialCodes(1);
    for (let i = 0; i < 18; i++) {
      if (code[i] === code[i + 1]) continue;
      const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
      expect(parseSerialCode(swapped).ok).toBe(false);
    }
  });

  it("accepts the extended check symbols * ~ $ = U only in the last position", () => {
    // Find data whose check value is 32..36 and confirm those codes verify.
    const found = new Map<string, string>();
    for (let n = 0; found.size < 5 && n < 10_000; n++) {
      const data = n.toString(32).toUpperCase().padStart(19, "0").replace(/[A-V]/g, (c) => ALPHABET[parseInt(c, 32)]);
      const check = checkSymbol(data);
      if ("*~$=U".includes(check)) found.set(check, data + check);
    }
    expect([...found.keys()].sort()).toEqual(["$", "*", "=", "U", "~"]);
    for (const code of found.values()) expect(parseSerialCode(code.toLowerCase())).toEqual({ ok: true, code });
    expect(parseSerialCode("U" + "0".repeat(18) + "0")).toEqual({ ok: false, error: "serial_format" });
    expect(parseSerialCode("*" + "0".repeat(19))).toEqual({ ok: false, error: "serial_format" });
  });

  it("rejects wrong lengths and foreign characters as a format error", () => {
    const [code] = generateSerialCodes(1);
    expect(parseSerialCode(code.slice(0, 19))).toEqual({ ok: false, error: "serial_format" });
    expect(parseSerialCode(code + "0")).toEqual({ ok: false, error: "serial_format" });
    expect(parseSerialCode("")).toEqual({ ok: false, error: "serial_format" });
    expect(parseSerialCode(code.slice(0, 5) + "#" + code.slice(6))).toEqual({ ok: false, error: "serial_format" });
    expect(parseSerialCode(code.slice(0, 19) + "!")).toEqual({ ok: false, error: "serial_format" });
  });
});

describe("reading what is typed on /activate", () => {
  const data = "ABCDEFGHJKMNPQRSTVW";
  const valid = data + checkSymbol(data);
  const wrongCheck = data + (checkSymbol(data) === "0" ? "1" : "0");

  it("says nothing about text that is not a whole code", () => {
    // Issue 8: "hello world" used to be shown as "Read as: HE110-W0R1D".
    for (const text of ["hello world", "HELLO", "abcde-fghjk", valid.slice(0, 19), `${valid}X`, "!!!!!-!!!!!-!!!!!-!!!!!", ""]) {
      expect(readSerialInput(text), text).toEqual({ kind: "none" });
    }
  });

  it("shows a whole code normalised, and a wrong check symbol as a typo", () => {
    expect(readSerialInput(valid.toLowerCase().replace(/1/g, "l"))).toEqual({ kind: "code", formatted: formatSerialCode(valid) });
    expect(readSerialInput(` ${valid.slice(0, 5)} - ${valid.slice(5)} `)).toEqual({ kind: "code", formatted: formatSerialCode(valid) });
    expect(readSerialInput(wrongCheck)).toEqual({ kind: "typo", formatted: formatSerialCode(wrongCheck) });
  });
});
