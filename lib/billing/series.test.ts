import { describe, expect, it } from "vitest";
import { bucketFor, bucketLabels, bucketSpans, fillSeries, periodStart } from "./series";

const day = (d: string) => new Date(`${d}T00:00:00Z`);

describe("chart buckets", () => {
  it("are chosen from the range: days up to a quarter, then weeks, months, and years for very long ranges", () => {
    expect([1, 30, 92, 93, 190, 191, 366, 1461, 1462, 3660].map(bucketFor)).toEqual([
      "day", "day", "day", "week", "week", "month", "month", "month", "year", "year",
    ]);
  });

  it("start on Monday for weeks, on the first for months and years", () => {
    expect(periodStart(day("2025-01-15"), "week")).toEqual(day("2025-01-13")); // a Wednesday
    expect(periodStart(day("2025-01-13"), "week")).toEqual(day("2025-01-13"));
    expect(periodStart(day("2025-01-19"), "week")).toEqual(day("2025-01-13")); // a Sunday
    expect(periodStart(day("2025-01-01"), "week")).toEqual(day("2024-12-30"));
    expect(periodStart(day("2025-02-28"), "month")).toEqual(day("2025-02-01"));
    expect(periodStart(day("2025-07-04"), "year")).toEqual(day("2025-01-01"));
  });

  it("name the days each bucket counts, clipped to the range (end exclusive)", () => {
    expect(bucketSpans(day("2024-12-30"), day("2025-01-02"), "day").map((b) => b.bucket)).toEqual(["2024-12-30", "2024-12-31", "2025-01-01"]);
    expect(bucketSpans(day("2025-01-15"), day("2025-02-01"), "week")).toEqual([
      { bucket: "2025-01-15", bucketEnd: "2025-01-19" },
      { bucket: "2025-01-20", bucketEnd: "2025-01-26" },
      { bucket: "2025-01-27", bucketEnd: "2025-01-31" },
    ]);
    expect(bucketSpans(day("2024-01-31"), day("2024-04-01"), "month")).toEqual([
      { bucket: "2024-01-31", bucketEnd: "2024-01-31" },
      { bucket: "2024-02-01", bucketEnd: "2024-02-29" },
      { bucket: "2024-03-01", bucketEnd: "2024-03-31" },
    ]);
    // Several years by month: the last month is there, up to the range's last day.
    const months = bucketSpans(day("2021-03-10"), day("2025-11-19"), "month");
    expect(months).toHaveLength(57);
    expect(months.at(-1)).toEqual({ bucket: "2025-11-01", bucketEnd: "2025-11-18" });
    expect(bucketSpans(day("2021-03-10"), day("2026-01-01"), "year")).toEqual([
      { bucket: "2021-03-10", bucketEnd: "2021-12-31" },
      { bucket: "2022-01-01", bucketEnd: "2022-12-31" },
      { bucket: "2023-01-01", bucketEnd: "2023-12-31" },
      { bucket: "2024-01-01", bucketEnd: "2024-12-31" },
      { bucket: "2025-01-01", bucketEnd: "2025-12-31" },
    ]);
  });

  it("label every bar with its period, and the exact days when the range cuts it", () => {
    expect(bucketLabels({ bucket: "2025-01-13", bucketEnd: "2025-01-19" }, "week", "en")).toEqual({ axis: "Jan 13", full: "Jan 13, 2025 – Jan 19, 2025" });
    expect(bucketLabels({ bucket: "2025-02-01", bucketEnd: "2025-02-28" }, "month", "en")).toEqual({ axis: "Feb 2025", full: "February 2025" });
    expect(bucketLabels({ bucket: "2025-02-10", bucketEnd: "2025-02-28" }, "month", "en").full).toBe("Feb 10, 2025 – Feb 28, 2025");
    expect(bucketLabels({ bucket: "2025-01-01", bucketEnd: "2025-12-31" }, "year", "en")).toEqual({ axis: "2025", full: "2025" });
    expect(bucketLabels({ bucket: "2021-03-10", bucketEnd: "2021-12-31" }, "year", "en").full).toBe("Mar 10, 2021 – Dec 31, 2021");
    expect(bucketLabels({ bucket: "2025-01-31", bucketEnd: "2025-01-31" }, "day", "en")).toEqual({ axis: "Jan 31", full: "Jan 31, 2025" });
    expect(bucketLabels({ bucket: "2025-02-01", bucketEnd: "2025-02-28" }, "month", "zh-CN")).toEqual({ axis: "2025年2月", full: "2025年2月" });
    expect(bucketLabels({ bucket: "2025-01-01", bucketEnd: "2025-12-31" }, "year", "zh-CN").axis).toBe("2025年");
    expect(bucketLabels({ bucket: "2025-01-13", bucketEnd: "2025-01-19" }, "week", "zh-CN").full).toBe("2025年1月13日 – 2025年1月19日");
  });

  it("fills missing buckets with zero", () => {
    const filled = fillSeries(["a", "b", "c"], [{ bucket: "b", n: 2 }], (bucket) => ({ bucket, n: 0 }));
    expect(filled).toEqual([{ bucket: "a", n: 0 }, { bucket: "b", n: 2 }, { bucket: "c", n: 0 }]);
  });
});
