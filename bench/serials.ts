import { serialCodes, users } from "@/db/schema";
import { redeemSerial } from "@/lib/billing/redeem-serial";
import { generateSerialBatch } from "@/lib/billing/serial-batches";
import { createBenchAdmin, createBenchPlan, mb, measure, openBenchDb } from "./db";

const COUNT = 100_000;
const REDEEM = 200;

/** Generates and stores one batch of 100,000 codes, as the admin page and the API do, and reports time and memory. */
export async function benchSerials(): Promise<void> {
  const bench = await openBenchDb("serials");
  try {
    const { db } = bench.handle;
    const admin = await createBenchAdmin(db);
    const plan = await createBenchPlan(db, admin, { trafficQuotaBytes: 100e9, priceMinor: 999 })
    global.gc?.();
    const { result, ms, peakRss, startRss } = await measure(() =>
      generateSerialBatch(db, admin, { planId: plan.id, count: COUNT, channel: "bench" }),
    );
    console.log(`serials: ${bench.label}`);
    console.log(`  generated and stored ${result.codes.length.toLocaleString("en")} codes in one batch: ${(ms / 1000).toFixed(2)} s`);
    console.log(`  RSS before ${mb(startRss)}, peak during ${mb(peakRss)} (+${mb(peakRss - startRss)}); process max RSS ${mb(process.resourceUsage().maxRSS * 1024)}`);
    const stored = await db.$count(serialCodes);
    console.log(`  rows in serial_codes: ${stored.toLocaleString("en")}`);

    // Redemption: one code at a time, each by its own customer (the full transaction of POST /api/serial/activate).
    const customers = await db
      .insert(users)
      .values(Array.from({ length: REDEEM }, (_, i) => ({ email: `bench-${i}@example.com`, passwordHash: "x", status: "active" as const })))
      .returning();
    const times: number[] = [];
    for (let i = 0; i < REDEEM; i++) {
      const c = customers[i];
      const t0 = performance.now();
      await redeemSerial(db, { id: c.id, email: c.email, role: c.role, locale: c.locale }, { code: result.codes[i] });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(
      `  redeeming a code (one transaction: claim, order, rental, history, audit, rollup): median ${times[REDEEM / 2].toFixed(1)} ms, p95 ${times[Math.floor(REDEEM * 0.95)].toFixed(1)} ms over ${REDEEM} sequential redemptions`,
    );
  } finally {
    await bench.dispose();
  }
}
