import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, check, index, integer, jsonb, pgEnum, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { userLocale, users } from "./accounts";
import { bytea } from "./types";

/**
 * In-app alerts (lib/alerts): the operator's settings (one row), the alerts the worker has raised (one row per
 * ongoing problem, kept after it resolves) and every delivery attempt to email or the webhook.
 */

/** The single settings row (id = 1): what to watch, the thresholds, and where to send. */
export const alertSettings = pgTable(
  "alert_settings",
  {
    id: smallint("id").primaryKey().default(1),
    enabled: boolean("enabled").notNull().default(false),
    /** Email addresses, lower case; each gets the alert mail in the language of `mailLocale`. */
    recipients: text("recipients").array().notNull().default(sql`'{}'::text[]`),
    mailLocale: userLocale("mail_locale").notNull().default("en"),
    /** An http(s) URL; null: no webhook. */
    webhookUrl: text("webhook_url"),
    /** The HMAC key of the signature header, sealed (lib/crypto) bound to this row; null: requests are unsigned. */
    webhookSecretSealed: bytea("webhook_secret_sealed"),
    probeP95Ms: integer("probe_p95_ms").notNull().default(500),
    quotaStopBurst: integer("quota_stop_burst").notNull().default(5),
    quotaStopWindowMinutes: integer("quota_stop_window_minutes").notNull().default(15),
    refusalSpike: integer("refusal_spike").notNull().default(50),
    refusalWindowMinutes: integer("refusal_window_minutes").notNull().default(10),
    serverErrorBurst: integer("server_error_burst").notNull().default(10),
    serverErrorWindowMinutes: integer("server_error_window_minutes").notNull().default(5),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    check("alert_settings_single_ck", sql`${t.id} = 1`),
    check("alert_settings_thresholds_ck", sql`${t.probeP95Ms} > 0 and ${t.quotaStopBurst} > 0 and ${t.refusalSpike} > 0 and ${t.serverErrorBurst} > 0`),
    check("alert_settings_windows_ck", sql`${t.quotaStopWindowMinutes} between 1 and 1440 and ${t.refusalWindowMinutes} between 1 and 1440 and ${t.serverErrorWindowMinutes} between 1 and 1440`),
  ],
);

export const alertStatus = pgEnum("alert_status", ["firing", "resolved"]);

/**
 * One ongoing problem: a rule and its subject (a server, a relay, a job, or the whole platform). While it fires
 * there is exactly one row per dedup key (the partial unique index), so each run of the worker finds and keeps
 * it instead of raising it again; when the condition clears the row becomes `resolved` and a later recurrence
 * opens a new row.
 */
export const alerts = pgTable(
  "alerts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    rule: text("rule").notNull(),
    /** `<rule>:<subject id>`. */
    dedupKey: text("dedup_key").notNull(),
    status: alertStatus("status").notNull().default("firing"),
    /** What the messages say: subject name and the figures that made the rule fire (the latest ones). */
    details: jsonb("details").$type<Record<string, string | number | null>>().notNull().default({}),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("alerts_open_dedup_uq").on(t.dedupKey).where(sql`${t.status} = 'firing'`),
    index("alerts_started_idx").on(t.startedAt),
  ],
);

export const alertTarget = pgEnum("alert_target", ["email", "webhook"]);
export const alertEvent = pgEnum("alert_event", ["firing", "resolved", "test"]);

/** Every attempt to deliver an alert message: the log on /admin/settings. */
export const alertDeliveries = pgTable(
  "alert_deliveries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    /** Null for a test message. */
    alertId: bigint("alert_id", { mode: "number" }).references(() => alerts.id, { onDelete: "set null" }),
    rule: text("rule").notNull(),
    event: alertEvent("event").notNull(),
    target: alertTarget("target").notNull(),
    /** The email address, or the webhook's host (never its path, which may hold a token). */
    destination: text("destination").notNull(),
    ok: boolean("ok").notNull(),
    httpStatus: integer("http_status"),
    error: text("error"),
  },
  (t) => [index("alert_deliveries_at_idx").on(t.at)],
);

export type AlertSettingsRow = typeof alertSettings.$inferSelect;
export type AlertRow = typeof alerts.$inferSelect;
export type AlertDeliveryRow = typeof alertDeliveries.$inferSelect;
export type AlertEvent = (typeof alertEvent.enumValues)[number];
export type AlertTarget = (typeof alertTarget.enumValues)[number];
