import { sql } from "drizzle-orm";
import { bigserial, boolean, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { relays } from "./fleet";
import { bytea } from "./types";

/**
 * A customer's control-server account (headscale or Tailscale) from which devices are imported. The API key or
 * access token is sealed with lib/crypto bound to the row id; only the import reads it.
 */
export const controlServerKind = pgEnum("control_server_kind", ["headscale", "tailscale"]);

export const controlAccounts = pgTable(
  "control_accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: controlServerKind("kind").notNull(),
    /** headscale's base URL, or Tailscale's API base (https://api.tailscale.com by default). */
    baseUrl: text("base_url").notNull(),
    /** The Tailscale tailnet name ("-" for the token's default); null for headscale. */
    tailnet: text("tailnet"),
    credentialSealed: bytea("credential_sealed").notNull(),
    /** Periodic sync: new nodes become devices, deleted ones are removed. */
    syncEnabled: boolean("sync_enabled").notNull().default(false),
    lastSyncAt: timestamp("last_sync_at", { withTimezone: true }),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("control_accounts_user_idx").on(t.userId)],
);

/**
 * A Tailscale node a customer allows on their relays, by its node public key (`nodekey:` + 64 lowercase hex, as
 * derper sends it to admission). A key is registered once per customer; the plan's device limit caps the count.
 */
export const devices = pgTable(
  "devices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    nodeKey: text("node_key").notNull(),
    /** Where it came from: typed in, approved from a refusal, or imported (then with its account and node id). */
    source: text("source").$type<"manual" | "pending" | "import">().notNull().default("manual"),
    controlAccountId: uuid("control_account_id").references(() => controlAccounts.id, { onDelete: "set null" }),
    externalId: text("external_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("devices_user_node_key_uq").on(t.userId, t.nodeKey), index("devices_node_key_idx").on(t.nodeKey)],
);

/**
 * Keys that admission refused on a customer's relays, one row per (customer, key), counted and stamped with the
 * last time and address: the "pending devices" a customer can approve or dismiss. Deduplicated so a client
 * retrying every second writes one row, not thousands.
 */
export const admissionRefusals = pgTable(
  "admission_refusals",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    relayId: uuid("relay_id").references(() => relays.id, { onDelete: "set null" }),
    nodeKey: text("node_key").notNull(),
    /** derper's `Source`: the client's address as the relay saw it. */
    sourceIp: text("source_ip"),
    country: text("country"),
    region: text("region"),
    city: text("city"),
    reason: text("reason").notNull(),
    count: integer("count").notNull().default(1),
    firstAt: timestamp("first_at", { withTimezone: true }).notNull().defaultNow(),
    lastAt: timestamp("last_at", { withTimezone: true }).notNull().defaultNow(),
    dismissedAt: timestamp("dismissed_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("admission_refusals_user_key_uq").on(t.userId, t.nodeKey),
    index("admission_refusals_user_last_idx").on(t.userId, t.lastAt.desc()).where(sql`${t.dismissedAt} is null`),
  ],
);

export type Device = typeof devices.$inferSelect;
export type ControlAccount = typeof controlAccounts.$inferSelect;
export type AdmissionRefusal = typeof admissionRefusals.$inferSelect;
