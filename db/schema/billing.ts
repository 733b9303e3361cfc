import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { bytea } from "./types";
import { rentals } from "./rentals";


export const serialCodeStatus = pgEnum("serial_code_status", ["unused", "redeemed", "revoked"]);
/** Orders are written paid (redemption); refunds do not exist yet. */
export const orderStatus = pgEnum("order_status", ["paid"]);

export const plans = pgTable(
  "plans",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    nameEn: text("name_en").notNull(),
    nameZh: text("name_zh").notNull(),
    durationDays: integer("duration_days").notNull(),
    trafficQuotaBytes: bigint("traffic_quota_bytes", { mode: "number" }).notNull(),
    deviceLimit: integer("device_limit").notNull(),
    /** Per-client rate limit for the relay; null means unlimited. */
    bandwidthLimitBytesPerSec: bigint("bandwidth_limit_bytes_per_sec", { mode: "number" }),
    priceMinor: integer("price_minor").notNull(),
    /** ISO 4217, upper case. */
    currency: text("currency").notNull(),
    /** Inactive plans stay visible but get no new serial batches. */
    active: boolean("active").notNull().default(true),
    /** A plan that has been sold is archived instead of deleted. */
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("plans_duration_ck", sql`${t.durationDays} > 0`),
    check("plans_quota_ck", sql`${t.trafficQuotaBytes} >= 0`),
    check("plans_devices_ck", sql`${t.deviceLimit} > 0`),
    check("plans_price_ck", sql`${t.priceMinor} >= 0`),
  ],
);

export const serialBatches = pgTable(
  "serial_batches",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    planId: uuid("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "restrict" }),
    count: integer("count").notNull(),
    /** What one code of this batch sells for; copied into each order on redemption. */
    priceMinor: integer("price_minor").notNull(),
    currency: text("currency").notNull(),
    /** Sales channel, e.g. a reseller's name; revenue is grouped by it. */
    channel: text("channel"),
    note: text("note"),
    /** Codes cannot be redeemed from this moment on; null: no limit. */
    redeemBy: timestamp("redeem_by", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("serial_batches_plan_idx").on(t.planId),
    index("serial_batches_created_idx").on(t.createdAt.desc()),
    check("serial_batches_count_ck", sql`${t.count} between 1 and 100000`),
    check("serial_batches_price_ck", sql`${t.priceMinor} >= 0`),
  ],
);

/**
 * One code. Only a keyed hash (lookup) and the AES-GCM encrypted text (re-export) are stored, so a dump of
 * this table alone reveals no redeemable code.
 */
export const serialCodes = pgTable(
  "serial_codes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    batchId: uuid("batch_id")
      .notNull()
      .references(() => serialBatches.id, { onDelete: "cascade" }),
    codeHash: bytea("code_hash").notNull(),
    codeCipher: bytea("code_cipher").notNull(),
    status: serialCodeStatus("status").notNull().default("unused"),
    redeemedBy: uuid("redeemed_by").references(() => users.id, { onDelete: "set null" }),
    redeemedAt: timestamp("redeemed_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedBy: uuid("revoked_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("serial_codes_hash_uq").on(t.codeHash),
    index("serial_codes_batch_status_idx").on(t.batchId, t.status),
    index("serial_codes_batch_id_idx").on(t.batchId, t.id),
    index("serial_codes_redeemed_by_idx").on(t.redeemedBy),
  ],
);

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

export type Plan = typeof plans.$inferSelect;
export type NewPlan = typeof plans.$inferInsert;
export type SerialBatch = typeof serialBatches.$inferSelect;
export type SerialCode = typeof serialCodes.$inferSelect;
export type SerialCodeStatus = (typeof serialCodeStatus.enumValues)[number];
export type Order = typeof orders.$inferSelect;
