import { eq, sql } from "drizzle-orm";
import type { Session } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { users, type User } from "@/db/schema";
import { authOptions } from "@/lib/auth/next-auth";
import { createUser } from "../helpers/auth";
import { testDb } from "../helpers/db";

// next-auth's own GET /api/auth/session answers what this callback returns (the handler itself needs a
// Next request scope, so the callback is called directly).
async function nextAuthSession(user: Pick<User, "id" | "email" | "sessionVersion">) {
  const session = authOptions().callbacks!.session!;
  const token: JWT = { sub: user.id, email: user.email, sv: user.sessionVersion };
  const base: Session = { user: { email: user.email }, expires: new Date(Date.now() + 60_000).toISOString() };
  return session({ session: base, token } as never);
}

describe("next-auth's /api/auth/session", () => {
  it("shows a live session and forgets it once the user's sessions are ended", async () => {
    const { db } = await testDb();
    const user = await createUser(db);
    expect(await nextAuthSession(user)).toMatchObject({ user: { id: user.id, email: user.email } });

    // Log out everywhere bumps the session version: the old token is no session at all.
    await db.update(users).set({ sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.id, user.id));
    expect(await nextAuthSession(user)).toEqual({});
  });

  it("forgets the session of a disabled user", async () => {
    const { db } = await testDb();
    const user = await createUser(db);
    await db.update(users).set({ status: "disabled" }).where(eq(users.id, user.id));
    expect(await nextAuthSession(user)).toEqual({});
  });
});
