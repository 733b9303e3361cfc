import { bigint, index, integer, pgEnum, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { plans } from "./billing";
import { regions } from "./regions";

/**
 * pending: waiting for a container ("being prepared"); active: a container serves it; suspended: stopped by
 * an admin; over_quota: stopped because its traffic quota is used up; expired: past its expiry, container
 * stopped but kept (a renewal brings it back); released: its container was given back, for good.
 * Every change goes through lib/rentals/transition-rental.ts, which holds the table of allowed changes.
 */
export const rentalStatus = pgEnum("rental_status", ["pending", "active", "expired", "released", "suspended", "over_quota"]);

export const rentals = pgTable(
  "rentals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    planId: uuid("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "restrict" }),
    /** Null: "any region", chosen when the relay is prepared. */
    regionId: uuid("region_id").references(() => regions.id, { onDelete: "restrict" }),
    status: rentalStatus("status").notNull().default("pending"),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    trafficQuotaBytes: bigint("traffic_quota_bytes", { mode: "number" }).notNull(),
    trafficUsedBytes: bigint("traffic_used_bytes", { mode: "number" }).notNull().default(0),
    deviceLimit: integer("device_limit").notNull(),
    bandwidthLimitBytesPerSec: bigint("bandwidth_limit_bytes_per_sec", { mode: "number" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("rentals_user_status_idx").on(t.userId, t.status),
    index("rentals_status_expires_idx").on(t.status, t.expiresAt),
    index("rentals_plan_idx").on(t.planId),
    index("rentals_region_idx").on(t.regionId),
  ],
);

export type Rental = typeof rentals.$inferSelect;
export type RentalStatus = (typeof rentalStatus.enumValues)[number];
