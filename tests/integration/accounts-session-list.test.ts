import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { endSessionAction } from "@/app/(portal)/profile/actions";
import { GET as me } from "@/app/api/user/me/route";
import { GET as listSessions } from "@/app/api/user/sessions/route";
import { DELETE as deleteSession } from "@/app/api/user/sessions/[id]/route";
import { sessions } from "@/db/schema";
import { LAST_SEEN_GRANULARITY_MS } from "@/lib/accounts/sessions";
import { testClock } from "@/lib/clock";
import { bearerHeaders, call, createUser, jsonRequest, testSession } from "../helpers/auth";
import { testDb } from "../helpers/db";

// The profile's server action reads the request through next/headers; outside Next, the test provides it.
const request = vi.hoisted(() => ({ headers: new Headers(), cleared: [] as string[] }));
vi.mock("next/headers", () => ({
  headers: async () => request.headers,
  cookies: async () => ({
    get: () => undefined,
    set: (name: string, value: string) => value === "" && request.cleared.push(name),
    delete: () => undefined,
  }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const CHROME_ON_WINDOWS =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
const FIREFOX_ON_LINUX = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0";

const getMe = (cookie: string) => call(me, jsonRequest("/api/user/me", { headers: { cookie } }));
const list = (headers: Record<string, string>) => call(listSessions, jsonRequest("/api/user/sessions", { headers }));
const end = (id: string, headers: Record<string, string>) =>
  call(deleteSession, jsonRequest(`/api/user/sessions/${id}`, { method: "DELETE", headers }), { id });

afterEach(() => testClock.reset());

describe("the session list", () => {
  it("lists the caller's live sessions with address and a readable device, marking the current one", async () => {
    const { db } = await testDb();
    const user = await createUser(db);
    const laptop = await testSession(user, { ip: "203.0.113.9", userAgent: CHROME_ON_WINDOWS });
    const phone = await testSession(user, { userAgent: FIREFOX_ON_LINUX });
    const ended = await testSession(user);
    await end(ended.sessionId, { cookie: ended.cookie });
    const stranger = await testSession(await createUser(db));

    const r = await list({ cookie: laptop.cookie });
    expect(r.status).toBe(200);
    expect(r.body.nextCursor).toBeNull();
    expect(r.body.items.map((s: { id: string }) => s.id).sort()).toEqual([laptop.sessionId, phone.sessionId].sort());
    const mine = r.body.items.find((s: { id: string }) => s.id === laptop.sessionId);
    expect(mine).toMatchObject({ current: true, ip: "203.0.113.9", browser: "Chrome 124", os: "Windows", userAgent: CHROME_ON_WINDOWS });
    expect(new Date(mine.createdAt).toISOString()).toBe(mine.createdAt);
    expect(r.body.items.find((s: { id: string }) => s.id === phone.sessionId)).toMatchObject({
      current: false,
      ip: null,
      browser: "Firefox 125",
      os: "Linux",
    });
    expect(JSON.stringify(r.body)).not.toContain(stranger.sessionId);

    // An API token is not a session: it sees the list, with none marked as its own.
    const byToken = await list(await bearerHeaders(db, user));
    expect(byToken.body.items.map((s: { current: boolean }) => s.current)).toEqual([false, false]);
  });

  it("ending another device's session (REST) logs that device out and leaves this one", async () => {
    const { db } = await testDb();
    const user = await createUser(db);
    const here = await testSession(user);
    const there = await testSession(user);
    const r = await end(there.sessionId, { cookie: here.cookie });
    expect(r.status).toBe(204);
    expect(r.body).toBeNull();
    expect(r.res.headers.getSetCookie()).toEqual([]);
    expect((await getMe(there.cookie)).status).toBe(401);
    expect((await getMe(here.cookie)).status).toBe(200);
    // Ended once is gone: a second DELETE finds nothing.
    const again = await end(there.sessionId, { cookie: here.cookie });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe("not_found");
  });

  it("ending this session (REST) clears its cookie too", async () => {
    const { db } = await testDb();
    const user = await createUser(db);
    const here = await testSession(user);
    const r = await end(here.sessionId, { cookie: here.cookie });
    expect(r.status).toBe(204);
    expect(r.res.headers.getSetCookie().join("\n")).toMatch(/next-auth\.session-token=;.*Max-Age=0/i);
    expect((await getMe(here.cookie)).status).toBe(401);
  });

  it("another user cannot end my session: 404, and it keeps working", async () => {
    const { db } = await testDb();
    const owner = await createUser(db);
    const mine = await testSession(owner);
    const mallory = await testSession(await createUser(db));
    const r = await end(mine.sessionId, { cookie: mallory.cookie });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe("not_found");
    expect((await getMe(mine.cookie)).status).toBe(200);
    const [row] = await db.select().from(sessions).where(eq(sessions.id, mine.sessionId));
    expect(row.endedAt).toBeNull();
    // Nor through the profile's action.
    request.headers = new Headers({ cookie: mallory.cookie });
    const state = await endSessionAction(null, { id: mine.sessionId });
    expect(state).toMatchObject({ ok: false, error: { code: "not_found", message: "Not found." } });
    expect((await getMe(mine.cookie)).status).toBe(200);
  });

  it("the profile's action ends a session, which is refused from then on", async () => {
    const { db } = await testDb();
    const user = await createUser(db);
    const here = await testSession(user);
    const there = await testSession(user);
    request.headers = new Headers({ cookie: here.cookie });
    expect(await endSessionAction(null, { id: there.sessionId })).toEqual({ ok: true, data: { ended: there.sessionId } });
    expect((await getMe(there.cookie)).status).toBe(401);
    expect((await getMe(here.cookie)).status).toBe(200);

    // Ending this one logs this browser out: cookie cleared, off to the login page.
    request.cleared = [];
    await expect(endSessionAction(null, { id: here.sessionId })).rejects.toMatchObject({ digest: expect.stringMatching(/^NEXT_REDIRECT;.*\/login/) });
    expect(request.cleared.length).toBeGreaterThan(0);
    expect((await getMe(here.cookie)).status).toBe(401);
  });

  it("records use at most every few minutes", async () => {
    const { db } = await testDb();
    const user = await createUser(db);
    const s = await testSession(user);
    const seen = async () => (await db.select().from(sessions).where(eq(sessions.id, s.sessionId)))[0].lastSeenAt.getTime();
    const first = await seen();
    testClock.advance(LAST_SEEN_GRANULARITY_MS / 2);
    expect((await getMe(s.cookie)).status).toBe(200);
    expect(await seen()).toBe(first);
    testClock.advance(LAST_SEEN_GRANULARITY_MS);
    expect((await getMe(s.cookie)).status).toBe(200);
    expect(await seen()).toBeGreaterThan(first + LAST_SEEN_GRANULARITY_MS);
  });
});
