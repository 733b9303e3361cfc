import { describe, expect, it } from "vitest";
import { formatMoney, isCurrency, minorDigits, minorToDecimal, parseMoney } from "./money";

describe("money", () => {
  it("knows ISO currencies and their minor digits", () => {
    expect(isCurrency("USD")).toBe(true);
    expect(isCurrency("CNY")).toBe(true);
    expect(isCurrency("XXY")).toBe(false);
    expect(minorDigits("USD")).toBe(2);
    expect(minorDigits("JPY")).toBe(0);
  });

  it("parses decimal text into minor units without floating point", () => {
    expect(parseMoney("9.99", "USD")).toBe(999);
    expect(parseMoney("0.1", "USD")).toBe(10);
    expect(parseMoney("19,9", "EUR")).toBe(1990);
    expect(parseMoney("1000", "JPY")).toBe(1000);
    expect(parseMoney("1.5", "JPY")).toBeNull();
    expect(parseMoney("9.999", "USD")).toBeNull();
    expect(parseMoney("-1", "USD")).toBeNull();
    expect(parseMoney("abc", "USD")).toBeNull();
    // 0.1 + 0.2 style errors would show here.
    expect(parseMoney("1234567.89", "USD")).toBe(123456789);
  });

  it("formats minor units exactly", () => {
    expect(minorToDecimal(999, "USD")).toBe("9.99");
    expect(minorToDecimal(5, "USD")).toBe("0.05");
    expect(minorToDecimal(1000, "JPY")).toBe("1000");
    expect(formatMoney(123456789, "USD", "en")).toBe("$1,234,567.89");
    expect(formatMoney(990, "CNY", "zh-CN")).toBe("¥9.90");
  });
});
