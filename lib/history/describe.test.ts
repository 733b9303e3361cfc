import { describe, expect, it } from "vitest";
import { describeHistory } from "./describe";

const redeemed = {
  planId: "p",
  planNameEn: "Starter",
  planNameZh: "入门版",
  orderId: 7,
  rentalId: "r",
  days: 30,
  expiresAt: "2031-06-01T10:00:00.000Z",
  region: null,
};

describe("history messages", () => {
  it("word an entry in the reader's language with the plan name in that language", () => {
    expect(describeHistory("en", "redeemed", redeemed)).toBe("Redeemed a serial code for Starter (30 days); valid until Jun 1, 2031");
    const zh = describeHistory("zh-CN", "redeemed", redeemed);
    expect(zh).toContain("入门版");
    expect(zh).toContain("30 天");
    expect(zh).toContain("2031");
  });

  it("show both dates of an extension", () => {
    const text = describeHistory("en", "extended", {
      ...redeemed,
      previousExpiresAt: "2031-06-01T10:00:00.000Z",
      expiresAt: "2031-07-01T10:00:00.000Z",
    });
    expect(text).toBe("Extended Starter by 30 days: valid until Jul 1, 2031 (was Jun 1, 2031)");
  });

  it("say what a rental's status change means", () => {
    const change = { planId: "p", planNameEn: "Starter", planNameZh: "入门版", rentalId: "r", from: "active", reason: "quota" };
    expect(describeHistory("en", "rental_status", { ...change, to: "over_quota" })).toBe("Starter: stopped, over traffic quota");
    expect(describeHistory("en", "rental_status", { ...change, to: "pending", from: "expired" })).toBe("Starter: being prepared");
    expect(describeHistory("zh-CN", "rental_status", { ...change, to: "suspended" })).toBe("入门版：管理员已暂停");
  });

  it("word an admin's grant and corrections of a rental", () => {
    const names = { planId: "p", planNameEn: "Starter", planNameZh: "入门版", rentalId: "r" };
    expect(describeHistory("en", "granted", { ...names, days: 7, expiresAt: "2031-06-01T10:00:00.000Z", previousExpiresAt: null })).toBe(
      "Starter: 7 days granted without a code; valid until Jun 1, 2031",
    );
    expect(
      describeHistory("en", "rental_adjusted", { ...names, change: "expiry", expiresAt: "2031-07-01T00:00:00.000Z", previousExpiresAt: "2031-06-01T00:00:00.000Z" }),
    ).toBe("Starter: expiry changed to Jul 1, 2031 (was Jun 1, 2031)");
    expect(describeHistory("en", "rental_adjusted", { ...names, change: "traffic_reset_quota", quotaGb: 50 })).toBe(
      "Starter: traffic used reset to 0 and quota set to 50 GB",
    );
    expect(describeHistory("zh-CN", "rental_adjusted", { ...names, change: "quota", quotaGb: 20 })).toBe("入门版：流量配额设为 20 GB");
  });

  it("fall back to the type for an entry type this version does not know", () => {
    expect(describeHistory("en", "something_new", {})).toBe("Event: something_new");
    expect(describeHistory("en", "verified", { email: "a@b.c" })).toBe("Email address a@b.c verified");
  });
});

describe("history dates", () => {
  it("are written in the reader's time zone", () => {
    const data = { planNameEn: "Starter", planNameZh: "入门版", days: 30, expiresAt: "2031-07-01T22:30:00.000Z" };
    expect(describeHistory("en", "redeemed", data, "UTC")).toContain("valid until Jul 1, 2031");
    expect(describeHistory("en", "redeemed", data, "Asia/Shanghai")).toContain("valid until Jul 2, 2031");
    expect(describeHistory("zh-CN", "redeemed", data, "Asia/Shanghai")).toContain("有效期至 2031年7月2日");
  });
});
