import { randomBytes, randomInt } from "node:crypto";
import { and, count, eq, isNull, lt, or } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { totpRecoveryCodes, users, type User } from "@/db/schema";
import { assertAdmin } from "@/lib/auth/access";
import { clearThrottle, refund, throttle } from "@/lib/auth/throttle";
import { adminTotpRequired } from "@/lib/auth/totp-policy";
import type { RequestMeta, SessionUser } from "@/lib/auth/types";
import { now } from "@/lib/clock";
import { lookupHasher } from "@/lib/crypto/lookup-hash";
import { sealer } from "@/lib/crypto/seal";
import { base32Encode, otpauthUri, TOTP_SECRET_BYTES, verifyTotp } from "@/lib/crypto/totp";
import { AppError, badRequest, conflict, notFound } from "@/lib/errors";
import { writeAudit } from "@/lib/logs/audit-log";
import { endAllSessions } from "./sessions";

/**
 * TOTP two-factor login (RFC 6238: SHA-1, 6 digits, 30 s, ±1 step) with single-use recovery codes. The secret
 * is sealed (AES-256-GCM, key from APP_SECRET, bound to the user id), so a database dump does not give it
 * away; recovery codes are stored as keyed hashes. Each accepted code's time step is recorded and a code of
 * that step or an earlier one is refused, so an observed code cannot be replayed. Code attempts are throttled
 * per account and address like logins; enrolment, disabling, recovery-code use and wrong codes are
 * audit-logged.
 */
const SECRET_PURPOSE = "totp secret aes-256-gcm v1";
const RECOVERY_PURPOSE = "totp recovery code hmac-sha256 v1";
export const RECOVERY_CODE_COUNT = 10;
/** What authenticator apps show above the account. */
export const TOTP_ISSUER = "DERP Management";
const RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export interface SecondFactorInput {
  /** A 6-digit code from the authenticator app. */
  totp?: string;
  /** One of the recovery codes (dashes, spaces and case do not matter). */
  recoveryCode?: string;
}

export interface TwoFactorStatus {
  enabled: boolean;
  enabledAt: Date | null;
  /** An enrolment was started and waits for its first code. */
  pending: boolean;
  recoveryCodesLeft: number;
  /** The operator requires two-factor login of this account (an admin under REQUIRE_ADMIN_TOTP). */
  required: boolean;
}

const box = () => sealer(SECRET_PURPOSE);

function openSecret(user: Pick<User, "id" | "totpSecret">): Buffer | null {
  if (!user.totpSecret) return null;
  try {
    return box().open(Buffer.from(user.totpSecret, "base64"), user.id);
  } catch {
    // Sealed under another APP_SECRET: no code can match; the account needs a recovery code or an admin.
    return null;
  }
}

/** Upper case, without separators, with the alphabet's look-alikes read as digits. */
export function normalizeRecoveryCode(text: string): string {
  return text
    .toUpperCase()
    .replace(/[\s\-_]/g, "")
    .replace(/[IL]/g, "1")
    .replace(/O/g, "0");
}

function recoveryHash(userId: string, code: string): string {
  return lookupHasher(RECOVERY_PURPOSE)(`${userId}:${normalizeRecoveryCode(code)}`).toString("hex");
}

/** Ten codes of 10 symbols (50 random bits each), shown as XXXXX-XXXXX. */
function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    let code = "";
    for (let i = 0; i < 10; i++) code += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
    return `${code.slice(0, 5)}-${code.slice(5)}`;
  });
}

async function loadUser(db: DbOrTx, userId: string): Promise<User> {
  const [row] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!row) throw notFound();
  return row;
}

export async function getTwoFactorStatus(db: DbOrTx, user: SessionUser): Promise<TwoFactorStatus> {
  const row = await loadUser(db, user.id);
  const [{ n }] = await db
    .select({ n: count() })
    .from(totpRecoveryCodes)
    .where(and(eq(totpRecoveryCodes.userId, user.id), isNull(totpRecoveryCodes.usedAt)));
  return {
    enabled: row.totpEnabledAt !== null,
    enabledAt: row.totpEnabledAt,
    pending: row.totpEnabledAt === null && row.totpSecret !== null,
    recoveryCodesLeft: row.totpEnabledAt ? n : 0,
    required: row.role === "admin" && adminTotpRequired(),
  };
}

/**
 * Starts an enrolment: a new secret (replacing an unconfirmed one), shown once as base32 and as an otpauth://
 * URI. Nothing changes at login until a code from the app confirms it.
 */
export async function startTotpEnrolment(db: DbOrTx, user: SessionUser): Promise<{ secret: string; uri: string }> {
  const row = await loadUser(db, user.id);
  if (row.totpEnabledAt) throw conflict("totp_already_enabled");
  const secret = randomBytes(TOTP_SECRET_BYTES);
  await db
    .update(users)
    .set({ totpSecret: box().seal(secret, user.id).toString("base64"), totpLastStep: null, updatedAt: now() })
    .where(and(eq(users.id, user.id), isNull(users.totpEnabledAt)));
  return { secret: base32Encode(secret), uri: otpauthUri(secret, row.email, TOTP_ISSUER) };
}

/**
 * Checks a second factor of an account with TOTP on: a code of the app (not replayed) or an unused recovery
 * code (then used up). Throttled per account and address; a right code clears the account's counter. Returns
 * how it was passed, or null after writing the failure to the audit log. Runs outside any transaction, so
 * that the counted attempt and the audit entry stay when the caller refuses.
 */
export async function checkSecondFactor(
  db: Db,
  user: Pick<User, "id" | "email" | "totpSecret">,
  input: SecondFactorInput,
  meta: RequestMeta,
): Promise<"totp" | "recovery" | null> {
  await throttle(db, [
    ["totpAccount", user.id],
    ["totpIp", meta.ip],
  ]);
  const actor = { id: user.id, email: user.email };
  let passed: "totp" | "recovery" | null = null;
  if (input.totp) {
    const secret = openSecret(user);
    const step = secret ? verifyTotp(secret, input.totp, now()) : null;
    if (step !== null) {
      // Accepted once: the step must be later than the last accepted one (two requests race on this UPDATE).
      const [fresh] = await db
        .update(users)
        .set({ totpLastStep: step })
        .where(and(eq(users.id, user.id), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
        .returning({ id: users.id });
      if (fresh) passed = "totp";
    }
  } else if (input.recoveryCode) {
    const [used] = await db
      .update(totpRecoveryCodes)
      .set({ usedAt: now() })
      .where(
        and(
          eq(totpRecoveryCodes.userId, user.id),
          eq(totpRecoveryCodes.codeHash, recoveryHash(user.id, input.recoveryCode)),
          isNull(totpRecoveryCodes.usedAt),
        ),
      )
      .returning({ id: totpRecoveryCodes.id });
    if (used) {
      passed = "recovery";
      const [{ n }] = await db
        .select({ n: count() })
        .from(totpRecoveryCodes)
        .where(and(eq(totpRecoveryCodes.userId, user.id), isNull(totpRecoveryCodes.usedAt)));
      await writeAudit(db, {
        actor,
        action: "auth.recovery_code_used",
        target: { type: "user", id: user.id },
        meta,
        details: { remaining: n },
      });
    }
  }
  if (!passed) {
    await writeAudit(db, {
      actor,
      action: "auth.totp_failed",
      target: { type: "user", id: user.id },
      meta,
      details: { method: input.totp ? "totp" : "recovery" },
    });
    return null;
  }
  await Promise.all([clearThrottle(db, "totpAccount", user.id), refund(db, "totpIp", meta.ip)]);
  return passed;
}

/**
 * Confirms an enrolment with a code from the app: two-factor login is on from now, and ten recovery codes
 * (replacing any older ones) are returned, once.
 */
export async function confirmTotpEnrolment(
  db: Db,
  user: SessionUser,
  code: string,
  meta: RequestMeta,
): Promise<{ recoveryCodes: string[] }> {
  const row = await loadUser(db, user.id);
  if (row.totpEnabledAt) throw conflict("totp_already_enabled");
  if (!row.totpSecret) throw conflict("totp_not_started");
  if (!(await checkSecondFactor(db, row, { totp: code }, meta))) throw badRequest("invalid_totp", { totp: ["invalid_totp"] });
  const recoveryCodes = newRecoveryCodes();
  await db.transaction(async (tx) => {
    const [enabled] = await tx
      .update(users)
      .set({ totpEnabledAt: now(), updatedAt: now() })
      .where(and(eq(users.id, user.id), eq(users.totpSecret, row.totpSecret!), isNull(users.totpEnabledAt)))
      .returning({ id: users.id });
    // Another request enrolled (or restarted the enrolment) in between.
    if (!enabled) throw conflict("totp_state_changed");
    await tx.delete(totpRecoveryCodes).where(eq(totpRecoveryCodes.userId, user.id));
    await tx.insert(totpRecoveryCodes).values(recoveryCodes.map((c) => ({ userId: user.id, codeHash: recoveryHash(user.id, c), createdAt: now() })));
    await writeAudit(tx, { actor: user, action: "auth.totp_enabled", target: { type: "user", id: user.id }, meta });
  });
  return { recoveryCodes };
}

/**
 * Turns two-factor login off with a current code (or a recovery code). Refused while the operator requires it
 * of this account.
 */
export async function disableTotp(db: Db, user: SessionUser, input: SecondFactorInput, meta: RequestMeta): Promise<void> {
  const row = await loadUser(db, user.id);
  if (!row.totpEnabledAt) {
    // An enrolment that was never confirmed is simply dropped.
    if (row.totpSecret) {
      await db.update(users).set({ totpSecret: null, totpLastStep: null }).where(and(eq(users.id, user.id), isNull(users.totpEnabledAt)));
      return;
    }
    throw conflict("totp_not_enabled");
  }
  if (row.role === "admin" && adminTotpRequired()) throw conflict("totp_required_by_operator");
  if (!input.totp && !input.recoveryCode) throw badRequest("validation", { totp: ["field_required"] });
  if (!(await checkSecondFactor(db, row, input, meta))) {
    const field = input.totp ? "totp" : "recoveryCode";
    throw badRequest("invalid_totp", { [field]: ["invalid_totp"] });
  }
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null, updatedAt: now() })
      .where(eq(users.id, user.id));
    await tx.delete(totpRecoveryCodes).where(eq(totpRecoveryCodes.userId, user.id));
    await writeAudit(tx, { actor: user, action: "auth.totp_disabled", target: { type: "user", id: user.id }, meta });
  });
}

/** The login's second step for an account with TOTP on: 401 totp_required without a code, invalid_totp for a wrong one. */
export async function requireSecondFactor(db: Db, user: User, input: SecondFactorInput, meta: RequestMeta): Promise<"totp" | "recovery" | null> {
  if (!user.totpEnabledAt) return null;
  if (!input.totp && !input.recoveryCode) throw new AppError(401, "totp_required");
  const passed = await checkSecondFactor(db, user, input, meta);
  if (!passed) throw new AppError(401, "invalid_totp");
  return passed;
}

/**
 * An admin turns off another user's two-factor login (a lost phone and lost recovery codes). The user's
 * sessions end, so whoever holds one must log in again; under REQUIRE_ADMIN_TOTP an admin is then sent to set
 * it up anew. Not for one's own account (that is disabling, which needs a code).
 */
export async function resetTotpAsAdmin(db: Db, actor: SessionUser, userId: string, input: { reason: string }, meta?: RequestMeta): Promise<void> {
  assertAdmin(actor);
  if (actor.id === userId) throw conflict("not_yourself");
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!row) throw notFound();
    if (!row.totpEnabledAt && !row.totpSecret) throw conflict("totp_not_enabled");
    await tx
      .update(users)
      .set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null, updatedAt: now() })
      .where(eq(users.id, userId));
    await tx.delete(totpRecoveryCodes).where(eq(totpRecoveryCodes.userId, userId));
    await endAllSessions(tx, userId);
    await writeAudit(tx, {
      actor: { id: actor.id, email: actor.email },
      action: "auth.totp_reset_by_admin",
      target: { type: "user", id: userId },
      meta,
      details: { email: row.email, adminReason: input.reason },
    });
  });
}
