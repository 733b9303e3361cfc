import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { bytea } from "./types";

export const serialCodeStatus = pgEnum("serial_code_status", ["unused", "redeemed", "revoked"]);

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
    /** 2: an HA plan, two relay nodes on two servers of the region, meshed (one DERP region, two nodes). */
    relayNodes: smallint("relay_nodes").notNull().default(1),
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
    check("plans_relay_nodes_ck", sql`${t.relayNodes} between 1 and 2`),
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
    /**
     * The code's last five symbols (four random ones and the check symbol), in clear, so an admin can find a
     * code from what a customer reads out. Not a secret: the other 75 random bits are. Null only for codes made
     * before the column existed, until the start-up backfill (lib/billing/serial-suffix.ts) has filled them.
     */
    codeSuffix: text("code_suffix"),
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
    index("serial_codes_suffix_idx").on(t.codeSuffix, t.id),
  ],
);

export type Plan = typeof plans.$inferSelect;
export type NewPlan = typeof plans.$inferInsert;
export type SerialBatch = typeof serialBatches.$inferSelect;
export type SerialCode = typeof serialCodes.$inferSelect;
export type SerialCodeStatus = (typeof serialCodeStatus.enumValues)[number];
