import { sql } from "drizzle-orm";
import { bigint, check, index, integer, pgEnum, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { plans } from "./billing";
import { regions } from "./regions";
import { bytea } from "./types";

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
    /** Relay nodes the plan gives: 1, or 2 for HA (two servers of the region, meshed). */
    relayNodes: smallint("relay_nodes").notNull().default(1),
    /** The DERP map region (900-999) of this rental's relay, unique among the user's live rentals. */
    derpRegionId: smallint("derp_region_id"),
    /** The derper mesh pre-shared key of an HA rental (64 hex), sealed and bound to the rental id. */
    meshKeySealed: bytea("mesh_key_sealed"),
    /** Why the rental is still waiting for a relay (no server with room, …), shown to the customer and admin. */
    allocationProblem: text("allocation_problem"),
    allocationProblemAt: timestamp("allocation_problem_at", { withTimezone: true }),
    /** The quota for which the 80 % warning went out; a raised quota may warn again. */
    quotaWarnedFor: bigint("quota_warned_for", { mode: "number" }),
    /** The expiry for which the 3-day and 1-day reminders went out; a renewal (new expiry) reminds again. */
    reminded3dFor: timestamp("reminded_3d_for", { withTimezone: true }),
    reminded1dFor: timestamp("reminded_1d_for", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("rentals_user_status_idx").on(t.userId, t.status),
    index("rentals_status_expires_idx").on(t.status, t.expiresAt),
    index("rentals_plan_idx").on(t.planId),
    index("rentals_region_idx").on(t.regionId),
    uniqueIndex("rentals_user_derp_region_uq").on(t.userId, t.derpRegionId).where(sql`${t.derpRegionId} is not null and ${t.status} <> 'released'`),
    check("rentals_relay_nodes_ck", sql`${t.relayNodes} between 1 and 2`),
    check("rentals_derp_region_ck", sql`${t.derpRegionId} between 900 and 999`),
  ],
);

export type Rental = typeof rentals.$inferSelect;
export type RentalStatus = (typeof rentalStatus.enumValues)[number];
