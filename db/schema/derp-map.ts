import { bigserial, boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { bytea } from "./types";

/**
 * A customer's DERP map ("ACL"): one region per live relay node group, generated from their relays. Every
 * generation whose content differs from the last is a new version (number, content, hash, why); an unchanged
 * one writes nothing. `content` is the DERPMap object in Tailscale's field names; the three formats are
 * rendered from it.
 */
export const derpMapVersions = pgTable(
  "derp_map_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    content: jsonb("content").$type<Record<string, unknown>>().notNull(),
    /** sha256 hex of the canonical JSON of `content`. */
    contentHash: text("content_hash").notNull(),
    reason: text("reason").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("derp_map_versions_user_version_uq").on(t.userId, t.version)],
);

/**
 * The secret direct link of a customer's map (`/acl/<token>`), stored as a keyed hash only. Rotating revokes the
 * current one and makes a new one; a revoked or expired link answers 404.
 */
export const derpMapLinks = pgTable(
  "derp_map_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: bytea("token_hash").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("derp_map_links_token_uq").on(t.tokenHash), index("derp_map_links_user_idx").on(t.userId)],
);

export const derpMapFormat = pgEnum("derp_map_format", ["tailscale", "json", "headscale"]);
export const derpMapChannel = pgEnum("derp_map_channel", ["portal", "link", "api"]);

/** Every generation and download of a customer's map: who, which version and format, how, from where. */
export const derpMapAccessLog = pgTable(
  "derp_map_access_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    versionId: uuid("version_id").references(() => derpMapVersions.id, { onDelete: "set null" }),
    /** "generate" (a new or current version made) or "download". */
    action: text("action").$type<"generate" | "download">().notNull(),
    format: derpMapFormat("format"),
    channel: derpMapChannel("channel").notNull(),
    ip: text("ip"),
    country: text("country"),
    region: text("region"),
    city: text("city"),
    userAgent: text("user_agent"),
    /** A country never seen before for this customer (highlighted; the customer may be mailed). */
    newCountry: boolean("new_country").notNull().default(false),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("derp_map_access_log_user_idx").on(t.userId, t.id.desc())],
);

export type DerpMapVersion = typeof derpMapVersions.$inferSelect;
export type DerpMapLink = typeof derpMapLinks.$inferSelect;
export type DerpMapAccess = typeof derpMapAccessLog.$inferSelect;
