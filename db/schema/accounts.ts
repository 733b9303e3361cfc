import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  inet,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

export const userRole = pgEnum("user_role", ["customer", "admin"]);
export const userStatus = pgEnum("user_status", ["pending", "active", "disabled"]);
export const userLocale = pgEnum("user_locale", ["en", "zh-CN"]);
export const emailCodePurpose = pgEnum("email_code_purpose", ["verify", "reset"]);
/** read: GET (and HEAD) requests only; full: everything the owner may do. */
export const apiTokenScope = pgEnum("api_token_scope", ["read", "full"]);

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Stored lower-cased and trimmed; the unique index relies on it. */
    email: text("email").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: userRole("role").notNull().default("customer"),
    status: userStatus("status").notNull().default("pending"),
    locale: userLocale("locale").notNull().default("en"),
    /** The IANA zone dates are shown in; null: the browser's (read from a cookie on each visit). */
    timeZone: text("time_zone"),
    /** Bumped to end every session of the user at once (logout everywhere, password change, disable). */
    sessionVersion: integer("session_version").notNull().default(1),
    emailVerifiedAt: timestamp("email_verified_at", { withTimezone: true }),
    /**
     * TOTP two-factor login (lib/accounts/two-factor.ts): the secret sealed with a key from APP_SECRET (bound to
     * the user id), set at enrolment; `totp_enabled_at` once a code confirmed it. A secret without it is an
     * enrolment in progress and asks for nothing at login.
     */
    totpSecret: text("totp_secret"),
    totpEnabledAt: timestamp("totp_enabled_at", { withTimezone: true }),
    /** The time step of the last accepted code: a code is accepted once, never replayed within its window. */
    totpLastStep: bigint("totp_last_step", { mode: "number" }),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }),
    /** The customer's DERP map leaves out Tailscale's default regions (`OmitDefaultRegions`). */
    derpOmitDefaultRegions: boolean("derp_omit_default_regions").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_email_uq").on(t.email),
    index("users_created_idx").on(t.createdAt.desc()),
  ],
);

/**
 * One-time email codes (sign-up verification, password reset). Only a keyed hash of the code is stored, so
 * a database dump does not reveal live codes. A new code for the same purpose ends the older ones.
 */
export const emailCodes = pgTable(
  "email_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: emailCodePurpose("purpose").notNull(),
    codeHash: text("code_hash").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    /** Wrong guesses so far; the code is dead at the limit even if the right one comes later. */
    attempts: integer("attempts").notNull().default(0),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("email_codes_user_purpose_idx").on(t.userId, t.purpose, t.createdAt.desc())],
);

/** The development mailbox: every mail the app would have sent when no mail provider is configured. */
export const mailOutbox = pgTable(
  "mail_outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    template: text("template").notNull(),
    locale: userLocale("locale").notNull(),
  },
  (t) => [index("mail_outbox_to_idx").on(t.to, t.id)],
);

/**
 * Personal API tokens for `Authorization: Bearer`. The token itself is shown once; only its SHA-256 is
 * stored (it has 256 random bits, so a plain hash cannot be brute-forced).
 */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    /** The first characters, so the owner can tell tokens apart. */
    prefix: text("prefix").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    /** From this moment on the token is refused like an unknown one; null: it does not expire. */
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    scope: apiTokenScope("scope").notNull().default("full"),
  },
  (t) => [uniqueIndex("api_tokens_hash_uq").on(t.tokenHash), index("api_tokens_user_idx").on(t.userId)],
);

/**
 * One-time recovery codes for a TOTP account (10 at enrolment). Only a keyed hash is stored; a code is used
 * up by one conditional UPDATE, so it works once.
 */
export const totpRecoveryCodes = pgTable(
  "totp_recovery_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("totp_recovery_codes_user_hash_uq").on(t.userId, t.codeHash)],
);

/** Notes admins keep on a user (never shown to the user), with their author and time. */
export const userNotes = pgTable(
  "user_notes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    /** Kept so a note still names its author after that account is deleted. */
    authorEmail: text("author_email").notNull(),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("user_notes_user_idx").on(t.userId, t.createdAt.desc(), t.id.desc()),
    check("user_notes_body_ck", sql`length(${t.body}) between 1 and 2000`),
  ],
);

/**
 * One row per login (browser, device or script): the session cookie's JWT carries the row's id, and every
 * request checks the row is live, so ending a session here ends it at once wherever its cookie was copied.
 */
export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Moved on by requests at most every few minutes, so the hot path rarely writes. */
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    /** The client address at login (null when unknown: no trusted proxy). */
    ip: inet("ip"),
    userAgent: text("user_agent"),
    /** Set by log-out, ending it from the profile, logout-everywhere, a password change or reset, disabling. */
    endedAt: timestamp("ended_at", { withTimezone: true }),
  },
  (t) => [index("sessions_user_idx").on(t.userId, t.lastSeenAt.desc())],
);

/** Throttling counters (rate-limiter-flexible's Drizzle store) when no Redis is configured. */
export const rateLimits = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  points: integer("points").notNull().default(0),
  expire: timestamp("expire", { withTimezone: true }),
});

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type UserRole = (typeof userRole.enumValues)[number];
export type UserStatus = (typeof userStatus.enumValues)[number];
export type Locale = (typeof userLocale.enumValues)[number];
export type EmailCodePurpose = (typeof emailCodePurpose.enumValues)[number];
export type MailOutboxRow = typeof mailOutbox.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type ApiTokenScope = (typeof apiTokenScope.enumValues)[number];
export type UserNote = typeof userNotes.$inferSelect;
