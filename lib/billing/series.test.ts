import { describe, expect, it } from "vitest";
import { dayBuckets, fillSeries, monthBuckets } from "./series";

describe("chart buckets", () => {
  it("lists UTC days and months of a range, end exclusive", () => {
    const from = new Date("2024-12-30T00:00:00Z");
    const to = new Date("2025-01-02T00:00:00Z");
    expect(dayBuckets(from, to)).toEqual(["2024-12-30", "2024-12-31", "2025-01-01"]);
    expect(monthBuckets(from, to)).toEqual(["2024-12", "2025-01"]);
    expect(monthBuckets(new Date("2024-01-31T00:00:00Z"), new Date("2024-04-01T00:00:00Z"))).toEqual(["2024-01", "2024-02", "2024-03"]);
  });

  it("fills missing buckets with zero", () => {
    const filled = fillSeries(["a", "b", "c"], [{ bucket: "b", n: 2 }], (bucket) => ({ bucket, n: 0 }));
    expect(filled).toEqual([{ bucket: "a", n: 0 }, { bucket: "b", n: 2 }, { bucket: "c", n: 0 }]);
  });
});
