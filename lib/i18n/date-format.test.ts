import { describe, expect, it } from "vitest";
import { formatDate, formatDayRange, utcTitle } from "./date-format";
import { canonicalTimeZone, supportedTimeZones } from "./time-zone";

const at = new Date("2026-12-01T05:04:23Z");

describe("the date format", () => {
  it("is one format per language, in the reader's zone", () => {
    expect(formatDate(at, { locale: "en", timeZone: "UTC" })).toBe("Dec 1, 2026, 5:04 AM");
    expect(formatDate(at, { locale: "en", timeZone: "America/New_York" })).toBe("Dec 1, 2026, 12:04 AM");
    expect(formatDate(at, { locale: "zh-CN", timeZone: "Asia/Shanghai" })).toBe("2026年12月1日 13:04");
    expect(formatDate(at, { locale: "en", timeZone: "America/Los_Angeles", mode: "date" })).toBe("Nov 30, 2026");
  });

  it("writes a calendar day (midnight UTC) as that day in every zone", () => {
    const day = new Date("2026-12-01T00:00:00Z");
    expect(formatDate(day, { locale: "en", timeZone: "America/Los_Angeles", mode: "day" })).toBe("Dec 1, 2026");
    expect(formatDayRange("2026-12-01T00:00:00Z", "2026-12-07T00:00:00Z", "zh-CN")).toBe("2026年12月1日 – 2026年12月7日");
    expect(formatDayRange(day, day, "en")).toBe("Dec 1, 2026");
  });

  it("gives the UTC time for the title", () => {
    expect(utcTitle(at)).toBe("2026-12-01 05:04:23 UTC");
  });
});

describe("time zones", () => {
  it("accept what Intl supports, in this runtime's spelling, and refuse the rest", () => {
    expect(canonicalTimeZone("Europe/Berlin")).toBe("Europe/Berlin");
    expect(canonicalTimeZone("UTC")).toBe("UTC");
    expect(canonicalTimeZone("US/Pacific")).toBe("America/Los_Angeles");
    expect(supportedTimeZones()).toContain(canonicalTimeZone("Asia/Kolkata"));
    for (const bad of ["Mars/Base", "", "Europe/Berlin; drop table", "x".repeat(65), 5, null]) expect(canonicalTimeZone(bad)).toBeNull();
  });
});
