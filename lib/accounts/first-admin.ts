import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users, type User } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { writeAudit } from "@/lib/logs/audit-log";
import { emailField } from "./schemas";

/** The quick start's admin when no ADMIN_EMAIL is given (zod's email check wants a dotted domain). */
export const EMBEDDED_ADMIN_EMAIL = "admin@derpmanagement.local";

export function generatePassword(): string {
  // 18 random bytes: 24 characters of base64url, 144 bits.
  return randomBytes(18).toString("base64url");
}

/**
 * Creates an active, verified admin, or makes an existing account one (active and verified). With a
 * password, the account's password is set to it.
 */
export async function upsertAdmin(db: Db, email: string, password: string | null, via: string): Promise<{ user: User; created: boolean }> {
  const normalized = emailField.parse(email);
  const passwordHash = password ? await hashPassword(password) : null;
  return db.transaction(async (tx) => {
    const at = now();
    const [existing] = await tx.select().from(users).where(eq(users.email, normalized)).for("update");
    if (existing) {
      const [user] = await tx
        .update(users)
        .set({
          role: "admin",
          status: "active",
          emailVerifiedAt: existing.emailVerifiedAt ?? at,
          updatedAt: at,
          ...(passwordHash ? { passwordHash } : {}),
        })
        .where(eq(users.id, existing.id))
        .returning();
      await writeAudit(tx, { actor: null, action: "user.role_changed", target: { type: "user", id: user.id }, details: { email: user.email, from: existing.role, to: "admin", via } });
      return { user, created: false };
    }
    const [user] = await tx
      .insert(users)
      .values({
        email: normalized,
        passwordHash: passwordHash ?? (await hashPassword(generatePassword())),
        role: "admin",
        status: "active",
        emailVerifiedAt: at,
        createdAt: at,
        updatedAt: at,
      })
      .returning();
    await writeAudit(tx, { actor: null, action: "user.admin_created", target: { type: "user", id: user.id }, details: { email: user.email, via } });
    return { user, created: true };
  });
}

/**
 * Seed step: when no admin exists, the first one comes from ADMIN_EMAIL/ADMIN_PASSWORD; in the embedded
 * quick start without them, an admin is created with a random password printed once to the console.
 */
export async function ensureFirstAdmin(db: Db): Promise<void> {
  const [anyAdmin] = await db.select({ id: users.id }).from(users).where(eq(users.role, "admin")).limit(1);
  if (anyAdmin) return;
  const e = env();
  if (e.ADMIN_EMAIL && e.ADMIN_PASSWORD) {
    const { user } = await upsertAdmin(db, e.ADMIN_EMAIL, e.ADMIN_PASSWORD, "ADMIN_EMAIL");
    logger.info({ email: user.email }, "first admin created from ADMIN_EMAIL/ADMIN_PASSWORD");
    return;
  }
  if (!e.embedded) {
    logger.warn(
      "no admin account exists: set ADMIN_EMAIL and ADMIN_PASSWORD, or run `npm run admin:create -- <email>`",
    );
    return;
  }
  const email = e.ADMIN_EMAIL ?? EMBEDDED_ADMIN_EMAIL;
  const password = generatePassword();
  const { user } = await upsertAdmin(db, email, password, "embedded quick start");
  printOnce([`Admin account created. Log in at ${e.APP_URL}/login`, `  email:    ${user.email}`, `  password: ${password}`, "This password is shown only now: keep it, then change it on your profile page."]);
}

/** A framed message on the console (not the structured log, which may be shipped elsewhere). */
export function printOnce(lines: string[]): void {
  const width = Math.max(...lines.map((l) => l.length));
  const bar = "─".repeat(width + 2);
  console.log(["", `┌${bar}┐`, ...lines.map((l) => `│ ${l.padEnd(width)} │`), `└${bar}┘`, ""].join("\n"));
}
