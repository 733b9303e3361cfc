import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import type { SessionUser } from "@/lib/auth/current-user";
import { redeemSerial } from "@/lib/billing/redeem-serial";
import { rebuildRevenueDaily } from "@/lib/billing/revenue-daily";
import { getFinanceStatistics, statisticsQuery } from "@/lib/billing/statistics";
import { testClock } from "@/lib/clock";
import { parseInput } from "@/lib/validation";
import { insertUser, makeCodes, makePlan } from "../helpers/billing";
import { testDb } from "../helpers/db";

let db: Db;
let admin: SessionUser;

beforeAll(async () => {
  db = (await testDb()).db;
  admin = await insertUser(db, { role: "admin" });
});
afterEach(() => testClock.reset());

interface Sold {
  at: string;
  planId: string;
  channel: string | null;
  currency: string;
  amount: number;
}

/** Sums per key and currency, computed here from what the test sold, not by the code under test. */
function sums(sold: Sold[], key: (s: Sold) => string | null) {
  const m = new Map<string, { amountMinor: number; orders: number }>();
  for (const s of sold) {
    const k = `${key(s)}|${s.currency}`;
    const v = m.get(k) ?? { amountMinor: 0, orders: 0 };
    v.amountMinor += s.amount;
    v.orders += 1;
    m.set(k, v);
  }
  return m;
}

function asMap<T extends { currency: string; amountMinor: number; orders: number }>(rows: T[], key: (r: T) => string | null) {
  return new Map(rows.map((r) => [`${key(r)}|${r.currency}`, { amountMinor: r.amountMinor, orders: r.orders }]));
}

describe("finance statistics", () => {
  it("equal sums computed independently from the orders the test created", async () => {
    // Far in the future, so no other test's orders fall into the range.
    const usd = await makePlan(db, admin, { priceMinor: 1000, currency: "USD" });
    const cny = await makePlan(db, admin, { priceMinor: 5000, currency: "CNY" });
    const batches = [
      { plan: usd, b: await makeCodes(db, admin, usd, 6, { channel: "alpha", priceMinor: 1000 }), channel: "alpha", amount: 1000, currency: "USD" },
      { plan: usd, b: await makeCodes(db, admin, usd, 6, { priceMinor: 899 }), channel: null, amount: 899, currency: "USD" },
      { plan: cny, b: await makeCodes(db, admin, cny, 6, { channel: "beta" }), channel: "beta", amount: 5000, currency: "CNY" },
    ];
    const times = [
      "2095-01-30T23:59:59.000Z",
      "2095-01-31T00:00:01.000Z",
      "2095-01-31T12:00:00.000Z",
      "2095-02-01T00:00:00.000Z",
      "2095-02-28T23:59:59.999Z",
      "2095-03-15T08:00:00.000Z",
    ];
    const sold: Sold[] = [];
    let used = 0;
    for (const [i, at] of times.entries()) {
      for (const [j, x] of batches.entries()) {
        if ((i + j) % 3 === 2) continue; // not every batch sells every day
        testClock.freeze(new Date(at));
        const user = await insertUser(db);
        await redeemSerial(db, user, { code: x.b.codes[i] });
        used++;
        sold.push({ at, planId: x.plan.id, channel: x.channel, currency: x.currency, amount: x.amount });
      }
    }
    // Outside the range: must not count.
    const late: Sold = { at: "2095-04-01T00:00:00.000Z", planId: usd.id, channel: "alpha", currency: "USD", amount: 1000 };
    testClock.freeze(new Date(late.at));
    await redeemSerial(db, await insertUser(db), { code: batches[0].b.codes[5] });
    testClock.reset();
    expect(used).toBe(sold.length);

    const range = { from: "2095-01-01", to: "2095-03-31" };
    const query = parseInput(statisticsQuery, { ...range, groupBy: "month" }, "en");
    const stats = await getFinanceStatistics(db, admin, query);

    expect(stats.groupBy).toBe("month");
    expect(asMap(stats.totals, () => "all")).toEqual(sums(sold, () => "all"));
    expect(asMap(stats.series, (r) => r.bucket)).toEqual(sums(sold, (s) => `${s.at.slice(0, 7)}-01`));
    expect(stats.series.find((r) => r.bucket === "2095-02-01")?.bucketEnd).toBe("2095-02-28");
    expect(asMap(stats.perPlan, (r) => r.planId)).toEqual(sums(sold, (s) => s.planId));
    expect(asMap(stats.perChannel, (r) => r.channel)).toEqual(sums(sold, (s) => s.channel));
    expect(stats.perPlan.find((p) => p.planId === usd.id)?.planNameEn).toBe(usd.nameEn);
    expect(stats.rentalsNow.pending).toBeGreaterThanOrEqual(sold.length);

    // 90 days: by day unless asked otherwise. Day buckets are UTC days, oldest first.
    const byDay = await getFinanceStatistics(db, admin, parseInput(statisticsQuery, range, "en"));
    expect(byDay.groupBy).toBe("day");
    expect(asMap(byDay.series, (r) => r.bucket)).toEqual(sums(sold, (s) => s.at.slice(0, 10)));
    expect(byDay.series.every((r) => r.bucket === r.bucketEnd)).toBe(true);
    expect(byDay.series.map((d) => d.bucket)).toEqual([...byDay.series.map((d) => d.bucket)].sort());
    const perDayCount = new Map<string, number>();
    for (const s of sold) perDayCount.set(s.at.slice(0, 10), (perDayCount.get(s.at.slice(0, 10)) ?? 0) + 1);
    expect(new Map(byDay.redemptions.map((r) => [r.bucket, r.count]))).toEqual(perDayCount);

    // Weeks start on Monday (computed here from the calendar); the first week is cut at the range's first day.
    const monday = (at: string) => {
      const d = new Date(`${at.slice(0, 10)}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
      const day = d.toISOString().slice(0, 10);
      return day < range.from ? range.from : day;
    };
    const byWeek = await getFinanceStatistics(db, admin, parseInput(statisticsQuery, { ...range, groupBy: "week" }, "en"));
    expect(asMap(byWeek.series, (r) => r.bucket)).toEqual(sums(sold, (s) => monday(s.at)));
    for (const w of byWeek.series) {
      expect(new Date(`${w.bucket}T00:00:00Z`).getUTCDay() === 1 || w.bucket === range.from, w.bucket).toBe(true);
      expect(new Date(`${w.bucketEnd}T00:00:00Z`).getUTCDay() === 0 || w.bucketEnd === range.to, w.bucketEnd).toBe(true);
    }

    // Several years: one bar per year. (The range ends before 2096, where another test file sells.)
    const years = await getFinanceStatistics(db, admin, parseInput(statisticsQuery, { from: "2091-01-15", to: "2095-12-31" }, "en"));
    expect(years.groupBy).toBe("year");
    expect(years.series.map((r) => [r.bucket, r.bucketEnd])).toEqual(
      [...new Set(sold.map((s) => s.currency))].sort().map(() => ["2095-01-01", "2095-12-31"]),
    );
    expect(asMap(years.totals, () => "all")).toEqual(sums([...sold, late], () => "all"));

    // The rollup rebuilt from the orders table gives the same figures as the one kept up to date by sales.
    await rebuildRevenueDaily(db);
    const rebuilt = await getFinanceStatistics(db, admin, query);
    expect({ ...rebuilt, rentalsNow: null }).toEqual({ ...stats, rentalsNow: null });

    // A one-day range (from = to) is that whole UTC day.
    const oneDay = await getFinanceStatistics(
      db,
      admin,
      parseInput(statisticsQuery, { from: "2095-01-31", to: "2095-01-31" }, "en"),
    );
    expect(asMap(oneDay.totals, () => "all")).toEqual(sums(sold.filter((s) => s.at.startsWith("2095-01-31")), () => "all"));
  });

  it("answers the range it counted as inclusive days", async () => {
    const stats = await getFinanceStatistics(db, admin, parseInput(statisticsQuery, { from: "2095-01-01", to: "2095-01-31" }, "en"));
    expect({ from: stats.from, to: stats.to }).toEqual({ from: "2095-01-01", to: "2095-01-31" });
    const oneDay = await getFinanceStatistics(db, admin, parseInput(statisticsQuery, { from: "2095-01-31", to: "2095-01-31" }, "en"));
    expect({ from: oneDay.from, to: oneDay.to }).toEqual({ from: "2095-01-31", to: "2095-01-31" });
  });

  it("refuses a reversed range, days that do not exist, and customers", async () => {
    for (const [input, field, code] of [
      [{ from: "2095-02-01", to: "2095-01-01" }, "to", "range_invalid"],
      [{ from: "yesterday" }, "from", "invalid_date"],
      [{ from: "2095-01-01T10:00:00Z" }, "from", "invalid_date"],
      [{ from: "2020-02-30" }, "from", "invalid_date"],
      [{ to: "2021-02-29" }, "to", "invalid_date"],
      [{ from: "2080-01-01", to: "2095-01-01" }, "from", "range_too_long"],
      [{ groupBy: "fortnight" }, "groupBy", "invalid_value"],
    ] as const) {
      expect(() => parseInput(statisticsQuery, input, "en"), JSON.stringify(input)).toThrow(
        expect.objectContaining({ status: 400, code: "validation", fieldErrors: { [field]: [expect.objectContaining({ code })] } }),
      );
    }
    const customer = await insertUser(db);
    await expect(getFinanceStatistics(db, customer, parseInput(statisticsQuery, {}, "en"))).rejects.toMatchObject({
      status: 403,
      code: "forbidden",
    });
  });
});
