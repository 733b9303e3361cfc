import { NextRequest } from "next/server";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { redeemSerial } from "@/lib/billing/redeem-serial";
import { testClock } from "@/lib/clock";
import { METHODS } from "@/lib/http/methods";
import { writeSystemLog } from "@/lib/logs/system-log";
import { authHeaders, createUser, sessionUser, type TestUser } from "../helpers/auth";
import { makeCodes, makePlan } from "../helpers/billing";
import { testDb, unique } from "../helpers/db";
import { invoke, loadRouteModules, methodsOf, segments, type RouteModule } from "../helpers/routes";

/**
 * The one convention every route follows (README, "API conventions"): answers are `{ data }`,
 * `{ items, nextCursor }` or no body; lists page with one opaque cursor and one limit; date ranges are
 * inclusive UTC days; a method a route does not implement is a JSON 405 with `Allow`.
 */

let db: Db;
let modules: RouteModule[];
let admin: TestUser;

beforeAll(async () => {
  db = (await testDb()).db;
  modules = await loadRouteModules();
  admin = await createUser(db, { role: "admin" });
});
afterEach(() => testClock.reset());

const route = (r: string) => {
  const m = modules.find((x) => x.route === r);
  if (!m) throw new Error(`no route module ${r}`);
  return m;
};

describe("methods", () => {
  it("every route answers a method it does not implement with a JSON 405 naming the allowed ones", async () => {
    let checked = 0;
    for (const m of modules.filter((m) => m.route !== "/api/[...path]")) {
      expect(Object.keys({ ...m.handlers, ...m.notAllowed }).sort(), m.route).toEqual([...METHODS].sort());
      const allowed = methodsOf(m);
      for (const method of METHODS.filter((x) => !allowed.includes(x))) {
        const a = await invoke(m, method, { headers: { "accept-language": "en" } });
        const where = `${method} ${m.route}`;
        expect(a.status, where).toBe(405);
        expect(a.body.error, where).toEqual({ code: "method_not_allowed", message: `This API route does not support ${method}.` });
        const allow = a.res.headers.get("allow")!.split(", ");
        expect(allow, where).toEqual(expect.arrayContaining([...allowed, "OPTIONS"]));
        for (const x of METHODS.filter((x) => !allowed.includes(x))) expect(allow, where).not.toContain(x);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("OPTIONS names the allowed methods", async () => {
    const { OPTIONS } = await import("@/app/api/user/me/route");
    const res = await OPTIONS(new NextRequest("http://localhost:3000/api/user/me", { method: "OPTIONS" }), { params: Promise.resolve({}) });
    expect(res.status).toBe(204);
    expect(res.headers.get("allow")).toBe("GET, PATCH, HEAD, OPTIONS");
  });
});

describe("answers", () => {
  it("a read answers `{ data }` for one object and `{ items, nextCursor }` for a list, nothing else", async () => {
    const headers = await authHeaders(admin);
    let lists = 0;
    // Exports, /api/metrics and the API reference answer files, Prometheus text and HTML, not the JSON envelope.
    const reads = modules.filter(
      (m) => m.handlers.GET && segments(m.route).length === 0 && !/export|healthz|\/api\/metrics$|openapi\.json|\/docs|\[\.\.\./.test(m.route),
    );
    for (const m of reads) {
      const a = await invoke(m, "GET", { headers });
      expect(a.status, m.route).toBe(200);
      const keys = Object.keys(a.body).sort();
      expect([["data"], ["items", "nextCursor"]], `${m.route}: ${keys}`).toContainEqual(keys);
      if (keys.length === 2) {
        lists++;
        expect(Array.isArray(a.body.items), m.route).toBe(true);
      } else {
        // A list is never wrapped as one object.
        expect(Object.keys(a.body.data ?? {}).sort(), m.route).not.toEqual(["items", "nextCursor"]);
      }
    }
    expect(lists).toBeGreaterThanOrEqual(8);
  });
});

describe("paging", () => {
  it("pages with a default of 50, at most 100, and an opaque cursor that visits every row once", async () => {
    const source = unique("paging");
    for (let i = 0; i < 120; i++) await writeSystemLog(db, { level: "debug", source, message: `row ${i}`, context: { i } });
    const system = route("/api/logs/system");
    const headers = await authHeaders(admin);
    const get = (q: string) => invoke(system, "GET", { headers, query: `?source=${source}${q}` });

    const first = await get("");
    expect(first.body.items).toHaveLength(50);
    expect(typeof first.body.nextCursor).toBe("string");
    expect(first.body.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect((await get("&limit=100")).body.items).toHaveLength(100);
    for (const [q, code] of [
      ["&limit=101", "number_too_big"],
      ["&limit=0", "number_too_small"],
      ["&limit=2.5", "whole_number_expected"],
      ["&limit=ten", "number_expected"],
    ]) {
      const r = await get(q);
      expect(r.status, q).toBe(400);
      expect(r.body.error.fieldErrors.limit[0].code, q).toBe(code);
    }

    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(`&limit=33${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((r: { context: { i: number } }) => r.context.i));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 120 }, (_, i) => 119 - i));
  });
});

describe("date ranges", () => {
  it("`from` and `to` are both inclusive UTC days, the same on every list", async () => {
    const plan = await makePlan(db, sessionUser(admin));
    const { batch, codes } = await makeCodes(db, sessionUser(admin), plan, 3);
    const buyer = sessionUser(await createUser(db, { passwordHash: "x" }));
    // The last moment of 10 March, the first of 11 March, noon on 12 March (UTC).
    for (const [i, at] of ["2096-03-10T23:59:59.999Z", "2096-03-11T00:00:00.000Z", "2096-03-12T12:00:00.000Z"].entries()) {
      testClock.freeze(new Date(at));
      await redeemSerial(db, buyer, { code: codes[i] });
    }
    testClock.reset();
    const orders = route("/api/admin/orders");
    const headers = await authHeaders(admin);
    const paidOn = async (q: string) => {
      const a = await invoke(orders, "GET", { headers, query: `?batchId=${batch.id}&${q}` });
      expect(a.status, q).toBe(200);
      return a.body.items.map((o: { paidAt: string }) => o.paidAt.slice(0, 10)).sort();
    };
    expect(await paidOn("from=2096-03-10&to=2096-03-10")).toEqual(["2096-03-10"]);
    expect(await paidOn("from=2096-03-11&to=2096-03-11")).toEqual(["2096-03-11"]);
    expect(await paidOn("to=2096-03-11")).toEqual(["2096-03-10", "2096-03-11"]);
    expect(await paidOn("from=2096-03-11")).toEqual(["2096-03-11", "2096-03-12"]);

    const statistics = route("/api/finance/statistics");
    const stats = await invoke(statistics, "GET", { headers, query: "?from=2096-03-10&to=2096-03-11" });
    expect(stats.body.data).toMatchObject({ from: "2096-03-10", to: "2096-03-11" });
    expect(stats.body.data.perPlan.find((p: { planId: string }) => p.planId === plan.id)).toMatchObject({ orders: 2 });

    for (const q of ["from=2096-02-30", "to=2096-13-01", "from=2096-03-10T00:00:00Z", "to=10%20March"]) {
      const a = await invoke(orders, "GET", { headers, query: `?${q}` });
      expect(a.status, q).toBe(400);
      expect(a.body.error.code, q).toBe("validation");
      expect(Object.values(a.body.error.fieldErrors).flat(), q).toEqual([expect.objectContaining({ code: "invalid_date" })]);
    }
  });
});
