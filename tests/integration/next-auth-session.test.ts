import { eq, sql } from "drizzle-orm";
import type { Session } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { users, type User } from "@/db/schema";
import { authOptions } from "@/lib/auth/next-auth";
import { getCurrentUser } from "@/lib/auth/current-user";
import { createUser, testSession } from "../helpers/auth";
import { testDb } from "../helpers/db";

const tokenOf = (user: Pick<User, "id" | "email" | "sessionVersion">, sid?: string): JWT => ({
  sub: user.id,
  email: user.email,
  sv: user.sessionVersion,
  ...(sid ? { sid } : {}),
});

// next-auth's own GET /api/auth/session answers what this callback returns (the handler itself needs a
// Next request scope, so the callback is called directly).
async function nextAuthSession(token: JWT) {
  const session = authOptions().callbacks!.session!;
  const base: Session = { user: { email: token.email }, expires: new Date(Date.now() + 60_000).toISOString() };
  return session({ session: base, token } as never);
}

describe("next-auth's /api/auth/session", () => {
  it("shows a live session and forgets it once the user's sessions are ended", async () => {
    const { db } = await testDb();
    const user = await createUser(db);
    const { sessionId } = await testSession(user);
    expect(await nextAuthSession(tokenOf(user, sessionId))).toMatchObject({ user: { id: user.id, email: user.email } });

    // Log out everywhere bumps the session version: the old token is no session at all.
    await db.update(users).set({ sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.id, user.id));
    expect(await nextAuthSession(tokenOf(user, sessionId))).toEqual({});
  });

  it("forgets the session of a disabled user", async () => {
    const { db } = await testDb();
    const user = await createUser(db);
    const { sessionId } = await testSession(user);
    await db.update(users).set({ status: "disabled" }).where(eq(users.id, user.id));
    expect(await nextAuthSession(tokenOf(user, sessionId))).toEqual({});
  });

  it("knows no session for a token without a session row", async () => {
    const { db } = await testDb();
    const user = await createUser(db);
    expect(await nextAuthSession(tokenOf(user))).toEqual({});
    expect(await nextAuthSession(tokenOf(user, "00000000-0000-4000-8000-000000000000"))).toEqual({});
    // Another user's session id does not lend itself either.
    const other = await createUser(db);
    const { sessionId } = await testSession(other);
    expect(await nextAuthSession(tokenOf(user, sessionId))).toEqual({});
  });

  it("its sign-out ends the session row, so a copy of the cookie stops working", async () => {
    const { db } = await testDb();
    const user = await createUser(db);
    const { sessionId, cookie } = await testSession(user);
    expect((await getCurrentUser(new Headers({ cookie })))?.id).toBe(user.id);
    await authOptions().events!.signOut!({ token: tokenOf(user, sessionId), session: {} as Session });
    expect(await getCurrentUser(new Headers({ cookie }))).toBeNull();
    expect(await nextAuthSession(tokenOf(user, sessionId))).toEqual({});
  });
});
