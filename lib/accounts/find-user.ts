import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users, type User } from "@/db/schema";

/** Emails are stored lower-cased and trimmed; inputs pass through emailField, which does the same. */
export async function findUserByEmail(db: DbOrTx, email: string, lock = false): Promise<User | undefined> {
  const query = db.select().from(users).where(eq(users.email, email)).limit(1);
  const [user] = lock ? await query.for("update") : await query;
  return user;
}

export async function findUserById(db: DbOrTx, id: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return user;
}
