import { bigserial, index, inet, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const logLevel = pgEnum("log_level", ["debug", "info", "warn", "error"]);

/** Worker runs, container events and errors: what the operator reads at /admin/logs. */
export const systemLog = pgTable(
  "system_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    level: logLevel("level").notNull(),
    source: text("source").notNull(),
    message: text("message").notNull(),
    context: jsonb("context").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index("system_log_at_idx").on(t.at),
    index("system_log_source_id_idx").on(t.source, t.id),
    index("system_log_level_id_idx").on(t.level, t.id),
  ],
);

/** Who did what to which object, from where. Never pruned by the retention job. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid("actor_id"),
    actorEmail: text("actor_email"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    ip: inet("ip"),
    userAgent: text("user_agent"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_actor_id_idx").on(t.actorId, t.id),
    index("audit_log_action_id_idx").on(t.action, t.id),
    index("audit_log_target_idx").on(t.targetType, t.targetId),
  ],
);

export type SystemLogRow = typeof systemLog.$inferSelect;
export type AuditLogRow = typeof auditLog.$inferSelect;
export type LogLevel = (typeof logLevel.enumValues)[number];
