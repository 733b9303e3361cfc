import { sql } from "drizzle-orm";
import { bigint, bigserial, check, date, index, integer, pgEnum, pgTable, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { plans, serialBatches, serialCodes } from "./billing";
import { rentals } from "./rentals";

/**
 * Sales: an order per redeemed code and the daily revenue rollup. Apart from billing.ts because an order
 * points at the rental it paid for, and rentals point at their plan.
 */
/** Orders are written paid (redemption); refunds do not exist yet. */
export const orderStatus = pgEnum("order_status", ["paid"]);

export const orders = pgTable(
  "orders",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    planId: uuid("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "restrict" }),
    batchId: uuid("batch_id").references(() => serialBatches.id, { onDelete: "restrict" }),
    serialCodeId: bigint("serial_code_id", { mode: "number" }).references(() => serialCodes.id, {
      onDelete: "restrict",
    }),
    rentalId: uuid("rental_id").references(() => rentals.id, { onDelete: "set null" }),
    /** The batch's channel at the time of sale, so revenue per channel needs no join. */
    channel: text("channel"),
    status: orderStatus("status").notNull().default("paid"),
    amountMinor: integer("amount_minor").notNull(),
    currency: text("currency").notNull(),
    paidAt: timestamp("paid_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("orders_paid_at_idx").on(t.paidAt),
    index("orders_user_id_idx").on(t.userId, t.id),
    index("orders_plan_paid_idx").on(t.planId, t.paidAt),
    index("orders_batch_paid_idx").on(t.batchId, t.paidAt),
    index("orders_channel_paid_idx").on(t.channel, t.paidAt),
    uniqueIndex("orders_serial_code_uq").on(t.serialCodeId),
    check("orders_amount_ck", sql`${t.amountMinor} >= 0`),
  ],
);

/**
 * Paid revenue per UTC day, plan, channel and currency, kept up to date in the transaction that writes each
 * order (lib/billing/revenue-daily.ts). Finance statistics read this instead of summing every order, so
 * their cost depends on the number of days, not of orders. Rebuildable from `orders` at any time.
 */
export const revenueDaily = pgTable(
  "revenue_daily",
  {
    day: date("day", { mode: "string" }).notNull(),
    planId: uuid("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "restrict" }),
    channel: text("channel"),
    currency: text("currency").notNull(),
    amountMinor: bigint("amount_minor", { mode: "number" }).notNull(),
    orders: integer("orders").notNull(),
  },
  (t) => [unique("revenue_daily_key").on(t.day, t.planId, t.channel, t.currency).nullsNotDistinct()],
);


export type Order = typeof orders.$inferSelect;
