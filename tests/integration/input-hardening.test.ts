import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { plans } from "@/db/schema";
import { authHeaders, createUser, sessionUser, type TestUser } from "../helpers/auth";
import { makePlan } from "../helpers/billing";
import { testDb } from "../helpers/db";
import { invoke, loadRouteModules, methodsOf, type RouteModule } from "../helpers/routes";

/**
 * Bad input is a 4xx with a message on every route, never a 500: text Postgres refuses (NUL characters),
 * dates it cannot store, cursors that only look right. Each route is called by an admin, who passes every
 * role check, so the input checks are what answers.
 */

const NUL = "a\u0000b";
const FILTER_NAMES = [
  "q", "to", "from", "email", "channel", "actor", "action", "target", "source", "level", "status", "code",
  "cursor", "limit", "planId", "batchId", "userId", "user_id", "format", "groupBy", "archived", "region",
];

let db: Db;
let modules: RouteModule[];
let admin: TestUser;
let plan: typeof plans.$inferSelect;

beforeAll(async () => {
  db = (await testDb()).db;
  modules = await loadRouteModules();
  admin = await createUser(db, { role: "admin" });
  plan = await makePlan(db, sessionUser(admin));
});

async function sweep(label: string, input: { query?: string; body?: unknown }): Promise<number> {
  let refused = 0;
  for (const m of modules.filter((m) => m.route !== "/api/auth/[...nextauth]")) {
    for (const method of methodsOf(m)) {
      const a = await invoke(m, method, {
        headers: await authHeaders(admin, { "x-forwarded-for": "198.51.100.9" }),
        query: input.query,
        body: input.body,
      });
      const where = `${method} ${m.route} with ${label}`;
      expect(a.status, `${where} answered ${a.status}: ${a.text.slice(0, 200)}`).toBeLessThan(500);
      if (a.status === 400) {
        expect(typeof a.body.error.message, where).toBe("string");
        refused++;
      }
    }
  }
  return refused;
}

describe("hostile input on every route", () => {
  it("refuses NUL characters in query strings and bodies with 400", async () => {
    const query = "?" + FILTER_NAMES.map((n) => `${n}=${encodeURIComponent(NUL)}`).join("&");
    const body = Object.fromEntries(FILTER_NAMES.concat("name", "nameEn", "password", "role").map((n) => [n, NUL]));
    expect(await sweep("NUL characters", { query, body })).toBeGreaterThan(20);
  });

  it("refuses dates that Postgres cannot store", async () => {
    for (const [from, to] of [
      ["-100000-01-01", "+275760-09-13"],
      ["0000-01-01", "0000-02-01"],
      ["2025-01-01", "9999-12-31"],
    ]) {
      const query = `?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
      await sweep(`from=${from}&to=${to}`, { query, body: { planId: plan.id, count: 1, redeemBy: to } });
    }
  });

  it("refuses cursors that only look right", async () => {
    const farFuture = Buffer.from(JSON.stringify(["+200000-01-01T00:00:00Z", "00000000-0000-4000-8000-000000000000"])).toString("base64url");
    for (const cursor of [
      "2025-99-99T00:00:00Z_------------------------------------",
      "2025-01-01T00:00:00Z_------------------------------------",
      farFuture,
      "99999999999999999999",
    ]) {
      await sweep(`cursor=${cursor}`, { query: `?cursor=${encodeURIComponent(cursor)}` });
    }
  });

  it("refuses malformed and oddly shaped JSON bodies", async () => {
    for (const body of ["{", "[]", "null", '"text"', JSON.stringify({ email: ["a@b.c"], password: { x: 1 } })]) {
      await sweep(`body ${body}`, { body });
    }
  });

  it("answers the NUL refusal in the caller's language with the field named", async () => {
    const tokens = modules.find((m) => m.route === "/api/user/tokens")!;
    const zhAdmin = await createUser(db, { role: "admin", locale: "zh-CN" });
    const zh = await invoke(tokens, "POST", { headers: await authHeaders(zhAdmin), body: { name: NUL } });
    expect(zh.status).toBe(400);
    expect(zh.body.error.fieldErrors.name).toEqual(["此字段包含不允许的字符。"]);
    const statistics = modules.find((m) => m.route === "/api/finance/statistics")!;
    const en = await invoke(statistics, "GET", { headers: await authHeaders(admin), query: "?from=0000-01-01" });
    expect(en.status).toBe(400);
    expect(en.body.error.fieldErrors.from).toEqual(["Enter a date between the years 1 and 9999."]);
  });
});
