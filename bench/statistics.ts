import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { rebuildRevenueDaily } from "@/lib/billing/revenue-daily";
import { getFinanceStatistics, statisticsQuery } from "@/lib/billing/statistics";
import { parseInput } from "@/lib/validation";
import { createBenchAdmin, createBenchPlan, measure, openBenchDb } from "./db";

const ORDERS = 1_000_000;
const RUNS = 5;

/**
 * Fills a fresh database with 1,000,000 paid orders over one year (generate_series), rebuilds the daily
 * revenue rollup from them, then times the finance statistics query over the whole year and over 30 days,
 * shows the plans Postgres chose, and for comparison times the same sums taken straight from the orders.
 */
export async function benchStatistics(): Promise<void> {
  const bench = await openBenchDb("stats");
  try {
    const { db } = bench.handle;
    const admin = await createBenchAdmin(db);
    for (let i = 0; i < 5; i++) {
      await createBenchPlan(db, admin, { nameEn: `Plan ${i}`, nameZh: `套餐 ${i}`, durationDays: 30 * (i + 1), trafficQuotaBytes: 100e9, priceMinor: 999 * (i + 1) })
    }
    const fill = await measure(async () => {
      await db.execute(sql`insert into users (email, password_hash, status)
        select 'bench-' || g || '@example.com', 'x', 'active' from generate_series(1, 1000) g`);
      await db.execute(sql`insert into orders (user_id, plan_id, channel, status, amount_minor, currency, paid_at)
        select u.ids[1 + g % array_length(u.ids, 1)], p.ids[1 + g % array_length(p.ids, 1)],
               case when g % 7 = 0 then null else 'channel-' || (g % 10) end,
               'paid', 500 + (g % 50) * 100,
               case when g % 4 = 0 then 'CNY' else 'USD' end,
               timestamptz '2024-01-01 00:00:00+00' + g * interval '31.5 seconds'
        from generate_series(1, ${ORDERS}) g,
             (select array_agg(id) as ids from users where email like 'bench-%') u,
             (select array_agg(id) as ids from plans) p`);
    });
    const vacuum = await measure(() => db.execute(sql`vacuum analyze orders`));
    const rollup = await measure(() => rebuildRevenueDaily(db));
    console.log(`statistics: ${bench.label}`);
    console.log(`  inserted ${ORDERS.toLocaleString("en")} orders (generate_series): ${(fill.ms / 1000).toFixed(1)} s; vacuum analyze ${(vacuum.ms / 1000).toFixed(1)} s`);
    console.log(`  rebuilt the daily revenue rollup from all orders: ${rollup.ms.toFixed(0)} ms, ${rollup.result.rows.toLocaleString("en")} rows`);
    console.log("  statistics query (reads the rollup; what /admin/finance and GET /api/finance/statistics run):");

    for (const [label, range] of [
      ["whole year, by day", { from: "2024-01-01", to: "2024-12-31", groupBy: "day" }],
      ["whole year, by month", { from: "2024-01-01", to: "2024-12-31", groupBy: "month" }],
      ["30 days, by day", { from: "2024-06-01", to: "2024-06-30", groupBy: "day" }],
    ] as const) {
      const query = parseInput(statisticsQuery, range, "en");
      const times: number[] = [];
      let orders = 0;
      for (let i = 0; i < RUNS; i++) {
        const { result, ms } = await measure(() => getFinanceStatistics(db, admin, query));
        times.push(ms);
        orders = result.totals.reduce((n, t) => n + t.orders, 0);
      }
      times.sort((a, b) => a - b);
      console.log(
        `  ${label}: ${orders.toLocaleString("en")} orders summed; median ${times[Math.floor(RUNS / 2)].toFixed(0)} ms, best ${times[0].toFixed(0)} ms, first ${times[times.length - 1].toFixed(0)} ms (worst of ${RUNS})`,
      );
    }

    console.log("  EXPLAIN (statistics over the rollup, whole year):");
    await explain(
      db,
      sql`select currency, sum(amount_minor), sum(orders) from revenue_daily
          where day >= '2024-01-01' and day < '2025-01-01' group by grouping sets ((day, currency), (currency))`,
    );

    // For comparison: the same sums straight from the orders table, as a rollup-free design would do.
    const direct = sql`select currency, (paid_at at time zone 'UTC')::date as day, plan_id, channel, sum(amount_minor), count(*)
        from orders where paid_at >= '2024-01-01' and paid_at < '2025-01-01' and status = 'paid'
        group by 1, 2, 3, 4`;
    const directRuns: number[] = [];
    for (let i = 0; i < 3; i++) directRuns.push((await measure(() => db.execute(direct))).ms);
    directRuns.sort((a, b) => a - b);
    console.log(
      `  without the rollup (aggregating 1,000,000 orders directly, whole year): median ${directRuns[1].toFixed(0)} ms`,
    );
    const thirty = sql`select currency, (paid_at at time zone 'UTC')::date as day, sum(amount_minor), count(*)
        from orders where paid_at >= '2024-06-01' and paid_at < '2024-07-01' and status = 'paid' group by 1, 2`;
    const thirtyRuns: number[] = [];
    for (let i = 0; i < 3; i++) thirtyRuns.push((await measure(() => db.execute(thirty))).ms);
    thirtyRuns.sort((a, b) => a - b);
    console.log(`  without the rollup, 30 days (~82,000 orders) by day: median ${thirtyRuns[1].toFixed(0)} ms`);
    console.log("  EXPLAIN (orders in a 30-day range: the paid_at index):");
    await explain(db, thirty);
  } finally {
    await bench.dispose();
  }
}

async function explain(db: Db, query: SQL): Promise<void> {
  const rows = await queryRows<Record<string, string>>(db, sql`explain (analyze, costs off, timing off) ${query}`);
  const lines = rows.map((r) => Object.values(r)[0]);
  for (const line of lines) console.log(`    ${line}`);
  const idx = lines.map((l) => /(?:Index Only Scan|Index Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) (\w+)/.exec(l)?.[1]).filter(Boolean);
  console.log(`    -> ${idx.length ? `index used: ${[...new Set(idx)].join(", ")}` : "no index used (sequential scan)"}`);
}
