import { randomInt } from "node:crypto";
import { and, desc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { emailCodes, type EmailCodePurpose, type User, type UserStatus } from "@/db/schema";
import { lookupHasher, sameHash } from "@/lib/crypto/lookup-hash";
import { now } from "@/lib/clock";
import { findUserByEmail } from "./find-user";

/**
 * Six-digit email codes: random, stored only as an HMAC keyed from APP_SECRET (a dump of the table does not
 * give the codes away, and 10^6 guesses need the key), valid for 10 minutes, single use, dead after five
 * wrong guesses. A new code for the same purpose ends the user's older ones.
 */
export const CODE_TTL_MINUTES = 10;
export const MAX_CODE_ATTEMPTS = 5;

function hashCode(userId: string, purpose: EmailCodePurpose, code: string): Buffer {
  return lookupHasher("email codes")(`${purpose}:${userId}:${code}`);
}

export async function issueEmailCode(tx: DbOrTx, userId: string, purpose: EmailCodePurpose): Promise<string> {
  const at = now();
  await tx
    .update(emailCodes)
    .set({ usedAt: at })
    .where(and(eq(emailCodes.userId, userId), eq(emailCodes.purpose, purpose), isNull(emailCodes.usedAt)));
  const code = randomInt(0, 1_000_000).toString().padStart(6, "0");
  await tx.insert(emailCodes).values({
    userId,
    purpose,
    codeHash: hashCode(userId, purpose, code).toString("hex"),
    expiresAt: new Date(at.getTime() + CODE_TTL_MINUTES * 60_000),
    createdAt: at,
  });
  return code;
}

/**
 * True when `code` is the user's live code for `purpose`; the code is then used up. A wrong guess counts
 * against the code. Call inside the transaction that acts on the result, and do not throw in that
 * transaction after a wrong guess (the counted attempt would be rolled back).
 */
async function consumeEmailCode(
  tx: DbOrTx,
  userId: string,
  purpose: EmailCodePurpose,
  code: string,
): Promise<boolean> {
  const at = now();
  const [live] = await tx
    .select({ id: emailCodes.id, codeHash: emailCodes.codeHash })
    .from(emailCodes)
    .where(
      and(
        eq(emailCodes.userId, userId),
        eq(emailCodes.purpose, purpose),
        isNull(emailCodes.usedAt),
        gt(emailCodes.expiresAt, at),
        lt(emailCodes.attempts, MAX_CODE_ATTEMPTS),
      ),
    )
    .orderBy(desc(emailCodes.createdAt))
    .limit(1)
    .for("update");
  if (!live) return false;
  const expected = Buffer.from(live.codeHash, "hex");
  const given = hashCode(userId, purpose, code);
  if (!sameHash(expected, given)) {
    await tx
      .update(emailCodes)
      .set({ attempts: sql`${emailCodes.attempts} + 1` })
      .where(eq(emailCodes.id, live.id));
    return false;
  }
  const [used] = await tx
    .update(emailCodes)
    .set({ usedAt: at })
    .where(and(eq(emailCodes.id, live.id), isNull(emailCodes.usedAt)))
    .returning({ id: emailCodes.id });
  return Boolean(used);
}

/**
 * The account at `email` if it is in `status` and `code` is its live `purpose` code (now used up); null for
 * every kind of failure alike, with the same hashing work for unknown emails. Call inside the transaction
 * that acts on the account, and do not throw in it after a null: the counted wrong guess must be committed.
 */
export async function consumeAccountCode(
  tx: DbOrTx,
  email: string,
  want: { status: UserStatus; purpose: EmailCodePurpose },
  code: string,
): Promise<User | null> {
  const user = await findUserByEmail(tx, email, true);
  if (!user || user.status !== want.status) {
    hashCode("00000000-0000-0000-0000-000000000000", want.purpose, code);
    return null;
  }
  return (await consumeEmailCode(tx, user.id, want.purpose, code)) ? user : null;
}
