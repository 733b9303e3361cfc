import { describe, expect, it } from "vitest";
import { callerLocale, resolveLocale } from "./config";

describe("resolveLocale", () => {
  it("prefers the cookie", () => {
    expect(resolveLocale("zh-CN", "en-US,en;q=0.9")).toBe("zh-CN");
    expect(resolveLocale("en", "zh-CN")).toBe("en");
  });
  it("follows Accept-Language by quality", () => {
    expect(resolveLocale(undefined, "zh-TW,zh;q=0.9,en;q=0.8")).toBe("zh-CN");
    expect(resolveLocale(undefined, "fr;q=1, en;q=0.5, zh;q=0.7")).toBe("zh-CN");
    expect(resolveLocale(undefined, "de,en-GB;q=0.3")).toBe("en");
    expect(resolveLocale("xx", null)).toBe("en");
    expect(resolveLocale(undefined, "zh;q=0, en")).toBe("en");
  });
});

describe("callerLocale", () => {
  it("takes the cookie, then a language Accept-Language names, then the account's", () => {
    expect(callerLocale("en", "zh-CN", "zh-CN")).toBe("en");
    expect(callerLocale(undefined, "en-US,en;q=0.9", "zh-CN")).toBe("en");
    expect(callerLocale(undefined, "zh-CN", "en")).toBe("zh-CN");
    expect(callerLocale(undefined, null, "zh-CN")).toBe("zh-CN");
    expect(callerLocale(undefined, "*", "zh-CN")).toBe("zh-CN");
    expect(callerLocale(undefined, "de", undefined)).toBe("en");
  });
});
