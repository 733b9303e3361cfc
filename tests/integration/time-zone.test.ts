import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as me, PATCH as patchMe } from "@/app/api/user/me/route";
import { users } from "@/db/schema";
import { getCurrentUser } from "@/lib/auth/current-user";
import { authHeaders, call, createUser, jsonRequest, type TestUser } from "../helpers/auth";
import { testDb } from "../helpers/db";

/** Issue 8, item 6: the profile's time zone (null: the browser's), checked against Intl's list. */
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  const { db } = await testDb();
  [alice, bob] = await Promise.all([createUser(db), createUser(db)]);
});

const patch = async (user: TestUser, body: unknown) =>
  call(patchMe, jsonRequest("/api/user/me", { method: "PATCH", body, headers: await authHeaders(user, { "accept-language": "en" }) }));

describe("the profile's time zone", () => {
  it("starts unset (the browser's), is stored when chosen, and set back to null", async () => {
    const { db } = await testDb();
    const before = await call(me, jsonRequest("/api/user/me", { headers: await authHeaders(alice) }));
    expect(before.body.data.timeZone).toBeNull();

    const set = await patch(alice, { timeZone: "Europe/Berlin" });
    expect(set.status).toBe(200);
    expect(set.body.data).toMatchObject({ timeZone: "Europe/Berlin", locale: "en" });
    // The caller every page and route sees carries it, so pages render in it.
    const caller = await getCurrentUser(new NextRequest("http://localhost:3000/", { headers: await authHeaders(alice) }).headers);
    expect(caller?.timeZone).toBe("Europe/Berlin");
    // Another user's profile is untouched.
    const [other] = await db.select({ timeZone: users.timeZone }).from(users).where(eq(users.id, bob.id));
    expect(other.timeZone).toBeNull();

    const back = await patch(alice, { timeZone: null });
    expect(back.body.data.timeZone).toBeNull();
  });

  it("refuses a zone Intl does not know, or one of the wrong type, and keeps the old one", async () => {
    await patch(bob, { timeZone: "Asia/Shanghai" });
    for (const [timeZone, code] of [
      ["Mars/Olympus_Mons", "time_zone_invalid"],
      ["", "time_zone_invalid"],
      [480, "invalid_type"],
    ] as const) {
      const r = await patch(bob, { timeZone });
      expect(r.status, String(timeZone)).toBe(400);
      expect(r.body.error.fieldErrors.timeZone[0].code, String(timeZone)).toBe(code);
    }
    const after = await call(me, jsonRequest("/api/user/me", { headers: await authHeaders(bob) }));
    expect(after.body.data.timeZone).toBe("Asia/Shanghai");
  });

  it("changes only the fields given", async () => {
    const r = await patch(bob, { locale: "zh-CN" });
    expect(r.body.data).toMatchObject({ locale: "zh-CN", timeZone: "Asia/Shanghai" });
  });
});
