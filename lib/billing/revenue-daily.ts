import { sql } from "drizzle-orm";
import { queryRows, type DbOrTx } from "@/db/client";
import { utcDay } from "@/lib/utc-day";

export interface RevenueEntry {
  paidAt: Date;
  planId: string;
  channel: string | null;
  currency: string;
  amountMinor: number;
}

/**
 * Adds one paid order to the daily revenue rollup. Call it in the transaction that writes the order, as its
 * last statement: the rollup row is the one lock that concurrent sales of the same day and plan share, so it
 * is held only for the moment before commit.
 */
export async function addRevenue(tx: DbOrTx, e: RevenueEntry): Promise<void> {
  await tx.execute(sql`insert into revenue_daily (day, plan_id, channel, currency, amount_minor, orders)
    values (${utcDay(e.paidAt)}, ${e.planId}, ${e.channel}, ${e.currency}, ${e.amountMinor}, 1)
    on conflict (day, plan_id, channel, currency) do update
    set amount_minor = revenue_daily.amount_minor + excluded.amount_minor,
        orders = revenue_daily.orders + excluded.orders`);
}

/**
 * Recomputes the whole rollup from the paid orders (after a bulk import or a manual correction). The table
 * lock makes concurrent sales wait, so none is counted twice or lost.
 */
export async function rebuildRevenueDaily(db: DbOrTx): Promise<{ rows: number }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`lock table revenue_daily in exclusive mode`);
    await tx.execute(sql`delete from revenue_daily`);
    await tx.execute(sql`insert into revenue_daily (day, plan_id, channel, currency, amount_minor, orders)
      select (paid_at at time zone 'UTC')::date, plan_id, channel, currency, sum(amount_minor), count(*)
      from orders where status = 'paid'
      group by 1, 2, 3, 4`);
    const [row] = await queryRows<{ n: number | string }>(tx, sql`select count(*) as n from revenue_daily`);
    return { rows: Number(row.n) };
  });
}
