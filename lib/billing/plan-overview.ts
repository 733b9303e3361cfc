import { and, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { plans, regions, rentals, revenueDaily, users, type RentalStatus } from "@/db/schema";
import { assertAdmin } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/types";
import { notFound } from "@/lib/errors";
import { byTimeAndId, pageOf, pageQuery, type Page } from "@/lib/http/paging";
import { CURRENT_STATUSES } from "@/lib/rentals/transitions";

/**
 * What a plan's page shows besides its settings: what it sold and who has it now. Sales come from the daily
 * revenue rollup (one row per day, channel and currency), so they cost the same however many orders there are;
 * admin grants write no orders and do not appear here.
 */
export interface PlanSales {
  orders: number;
  /** Per currency, largest first; money is never summed across currencies. */
  revenue: { currency: string; amountMinor: number; orders: number }[];
}

async function assertPlan(db: DbOrTx, planId: string): Promise<void> {
  const [plan] = await db.select({ id: plans.id }).from(plans).where(eq(plans.id, planId));
  if (!plan) throw notFound("plan_unknown");
}

export async function getPlanSales(db: DbOrTx, actor: SessionUser, planId: string): Promise<PlanSales> {
  assertAdmin(actor);
  await assertPlan(db, planId);
  const rows = await db
    .select({
      currency: revenueDaily.currency,
      amountMinor: sql<string>`sum(${revenueDaily.amountMinor})`,
      orders: sql<string>`sum(${revenueDaily.orders})`,
    })
    .from(revenueDaily)
    .where(eq(revenueDaily.planId, planId))
    .groupBy(revenueDaily.currency)
    .orderBy(desc(sql`sum(${revenueDaily.amountMinor})`), revenueDaily.currency);
  const revenue = rows.map((r) => ({ currency: r.currency, amountMinor: Number(r.amountMinor), orders: Number(r.orders) }));
  return { orders: revenue.reduce((n, r) => n + r.orders, 0), revenue };
}

export const planRentalsQuery = pageQuery(byTimeAndId);

export interface PlanRentalRow {
  id: string;
  userId: string;
  email: string;
  status: RentalStatus;
  region: string | null;
  regionNameEn: string | null;
  regionNameZh: string | null;
  startsAt: Date;
  expiresAt: Date;
  trafficUsedBytes: number;
  trafficQuotaBytes: number;
  createdAt: Date;
}

/** The plan's current rentals (being prepared, active, suspended, over quota), newest first, paged. */
export async function listPlanRentals(
  db: DbOrTx,
  actor: SessionUser,
  planId: string,
  query: z.output<typeof planRentalsQuery>,
): Promise<Page<PlanRentalRow>> {
  assertAdmin(actor);
  await assertPlan(db, planId);
  const after = query.cursor;
  const rows = await db
    .select({
      id: rentals.id,
      userId: rentals.userId,
      email: users.email,
      status: rentals.status,
      region: regions.code,
      regionNameEn: regions.nameEn,
      regionNameZh: regions.nameZh,
      startsAt: rentals.startsAt,
      expiresAt: rentals.expiresAt,
      trafficUsedBytes: rentals.trafficUsedBytes,
      trafficQuotaBytes: rentals.trafficQuotaBytes,
      createdAt: rentals.createdAt,
    })
    .from(rentals)
    .innerJoin(users, eq(users.id, rentals.userId))
    .leftJoin(regions, eq(regions.id, rentals.regionId))
    .where(
      and(
        eq(rentals.planId, planId),
        inArray(rentals.status, [...CURRENT_STATUSES]),
        after ? or(lt(rentals.createdAt, after.at), and(eq(rentals.createdAt, after.at), lt(rentals.id, after.id))) : undefined,
      ),
    )
    .orderBy(desc(rentals.createdAt), desc(rentals.id))
    .limit(query.limit + 1);
  return pageOf(rows, query.limit, (r) => [r.createdAt.toISOString(), r.id]);
}
