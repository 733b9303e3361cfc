import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";

/**
 * Every event of a user's account, newest first in the portal. `type` is one of lib/history/types.ts (text,
 * not an enum, so later domains add types without a migration); `data` holds the values its message needs.
 */
export const userHistory = pgTable(
  "user_history",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    /** Who caused it when not the user (an admin); null for the user's own actions and the system. */
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [index("user_history_user_id_idx").on(t.userId, t.id.desc())],
);

export type UserHistoryRow = typeof userHistory.$inferSelect;
