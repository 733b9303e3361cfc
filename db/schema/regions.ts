import { sql } from "drizzle-orm";
import { boolean, check, doublePrecision, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/**
 * Where relays run. Customers choose one when they redeem a code (or leave it to the operator); servers will
 * belong to one. `code` is what API callers and DERP maps use, so it is a stable, lower-case slug. A region
 * that anything refers to is deactivated, never deleted.
 */
export const regions = pgTable(
  "regions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Lower-case slug, 2-32 characters of [a-z0-9-], starting and ending with a letter or digit. */
    code: text("code").notNull(),
    nameEn: text("name_en").notNull(),
    nameZh: text("name_zh").notNull(),
    latitude: doublePrecision("latitude"),
    longitude: doublePrecision("longitude"),
    /** ISO 3166-1 alpha-2, upper case. */
    country: text("country"),
    /** Inactive regions are kept for the rentals that have them but are not offered for new ones. */
    active: boolean("active").notNull().default(true),
    /** Lists show regions by this, then by code. */
    sortOrder: integer("sort_order").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("regions_code_uq").on(t.code),
    index("regions_sort_idx").on(t.sortOrder, t.code),
    check("regions_code_ck", sql`${t.code} ~ '^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])$'`),
    check("regions_latitude_ck", sql`${t.latitude} between -90 and 90`),
    check("regions_longitude_ck", sql`${t.longitude} between -180 and 180`),
    check("regions_country_ck", sql`${t.country} ~ '^[A-Z]{2}$'`),
  ],
);

export type Region = typeof regions.$inferSelect;
