import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { eq } from "drizzle-orm";
import { plans, serialBatches } from "@/db/schema";
import { authHeaders, createUser, sessionUser, type TestUser } from "../helpers/auth";
import { makePlan } from "../helpers/billing";
import { testDb } from "../helpers/db";
import { invoke, loadRouteModules, methodsOf, type Answer, type RouteModule } from "../helpers/routes";

/**
 * Bad input is a 400 with its code and a message on every route, never a 500: text Postgres refuses (NUL
 * characters), dates that do not exist or that it cannot store, cursors that only look right, bodies that are
 * not JSON objects. Each route is called by an admin, who passes every role check, so the input checks are
 * what answers.
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

type Answers = Map<string, Answer>;

/**
 * Routes that take no input and act on the whole fleet (a health check of every server of the shared test
 * database, some of them hosts other files made unreachable on purpose): nothing to probe, and a sweep of a dozen
 * inputs would wait on those hosts' Docker deadlines each time. Their own tests cover them.
 */
const FLEET_WIDE = new Set(["/api/server/health_check"]);

/** Calls every method of every route (but next-auth's) with the input, as an admin; no answer may be a 500. */
async function sweep(label: string, input: { query?: string; body?: unknown }): Promise<Answers> {
  const answers: Answers = new Map();
  for (const m of modules.filter((m) => m.route !== "/api/auth/[...nextauth]" && !FLEET_WIDE.has(m.route))) {
    for (const method of methodsOf(m)) {
      const a = await invoke(m, method, {
        headers: await authHeaders(admin, { "x-forwarded-for": "198.51.100.9" }),
        query: input.query,
        body: input.body,
      });
      const where = `${method} ${m.route} with ${label}`;
      expect(a.status, `${where} answered ${a.status}: ${a.text.slice(0, 200)}`).toBeLessThan(500);
      answers.set(`${method} ${m.route}`, a);
    }
  }
  return answers;
}

/**
 * The routes that refused the probe: answered 400 with one of `codes`. Any other 400 must be about other
 * input (the route's own required fields, a path parameter), never about the `probed` fields.
 */
function refusals(answers: Answers, codes: string[], label: string, probed: string[]): string[] {
  const refused: string[] = [];
  for (const [where, a] of answers) {
    if (a.status !== 400) continue;
    const context = `${where} with ${label}: ${a.text.slice(0, 300)}`;
    expect(typeof a.body.error.message, context).toBe("string");
    if (codes.includes(a.body.error.code)) refused.push(where);
    else expect(Object.keys(a.body.error.fieldErrors ?? {}).filter((f) => probed.includes(f)), context).toEqual([]);
  }
  return refused.sort();
}

/** The code of the first field error on `field`. */
const fieldCode = (a: Answer, field: string) => a.body?.error?.fieldErrors?.[field]?.[0]?.code;

/** Routes that take ?from&to (inclusive UTC days). */
const DATE_RANGE_ROUTES = [
  "GET /api/admin/orders",
  "GET /api/admin/orders/export",
  "GET /api/finance/statistics",
  "GET /api/logs/audit",
  "GET /api/logs/system",
];

/** Routes that page with ?cursor&limit. */
const PAGED_ROUTES = [
  "GET /api/acl/logs/[user_id]",
  "GET /api/admin/mail",
  "GET /api/admin/orders",
  "GET /api/admin/orders/export",
  "GET /api/admin/plans/[id]/rentals",
  "GET /api/admin/serials",
  "GET /api/admin/serials/[id]/codes",
  "GET /api/admin/serials/search",
  "GET /api/admin/users",
  "GET /api/admin/users/[id]/notes",
  "GET /api/container/list",
  "GET /api/finance/orders/[id]",
  "GET /api/logs/audit",
  "GET /api/logs/system",
  "GET /api/server/list",
  "GET /api/user/history/[user_id]",
  "GET /api/user/tokens",
];

// Each case sweeps every route; on a loaded machine that takes a while, so the bound is wide.
describe("hostile input on every route", { timeout: 120_000 }, () => {
  it("refuses NUL characters in query strings and bodies with 400 invalid_characters", async () => {
    const query = "?" + FILTER_NAMES.map((n) => `${n}=${encodeURIComponent(NUL)}`).join("&");
    const body = Object.fromEntries(FILTER_NAMES.concat("name", "nameEn", "password", "role").map((n) => [n, NUL]));
    const probed = FILTER_NAMES.concat("name", "nameEn", "password", "role");
    const answers = await sweep("NUL characters", { query, body });
    const refused = refusals(answers, ["invalid_characters"], "NUL characters", probed);
    expect(refused.length).toBeGreaterThan(20);
    for (const route of ["GET /api/admin/users", "POST /api/user/tokens", "POST /api/user/login", "GET /api/logs/system"]) {
      expect(refused, route).toContain(route);
    }
  });

  it("refuses dates that do not exist or that Postgres cannot store, naming the field", async () => {
    const cases = [
      { from: "-100000-01-01", to: "+275760-09-13", code: "invalid_date" },
      { from: "2020-02-30", to: "2021-02-29", code: "invalid_date" },
      { from: "0000-01-01", to: "0000-02-01", code: "date_out_of_range" },
    ];
    for (const { from, to, code } of cases) {
      const label = `from=${from}&to=${to}`;
      const query = `?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
      const answers = await sweep(label, { query, body: { planId: plan.id, count: 1, redeemBy: to } });
      refusals(answers, ["validation"], label, ["from", "to", "redeemBy"]);
      for (const route of DATE_RANGE_ROUTES) {
        const a = answers.get(route)!;
        expect(a.status, `${route} with ${label}`).toBe(400);
        expect(fieldCode(a, "from"), `${route} with ${label}`).toBe(code);
      }
      const generate = answers.get("POST /api/finance/generate_serial")!;
      expect(generate.status, label).toBe(400);
      expect(fieldCode(generate, "redeemBy"), label).toBe(code);
    }
    // The last day Postgres stores is a day like any other.
    const farEnd = await sweep("to=9999-12-31", { query: "?from=2025-01-01&to=9999-12-31" });
    for (const route of DATE_RANGE_ROUTES.filter((r) => r !== "GET /api/finance/statistics")) {
      expect(farEnd.get(route)!.status, route).toBe(200);
    }
    expect(fieldCode(farEnd.get("GET /api/finance/statistics")!, "from")).toBe("range_too_long");
    expect(await db.select().from(serialBatches).where(eq(serialBatches.planId, plan.id))).toHaveLength(0);
  });

  it("refuses cursors that only look right with 400 invalid_cursor on every paged route", async () => {
    const farFuture = Buffer.from(JSON.stringify(["+200000-01-01T00:00:00Z", "00000000-0000-4000-8000-000000000000"])).toString("base64url");
    const idCursor = Buffer.from(JSON.stringify([5])).toString("base64url");
    const timeCursor = Buffer.from(JSON.stringify([new Date().toISOString(), "00000000-0000-4000-8000-000000000000"])).toString("base64url");
    for (const cursor of [
      "2025-99-99T00:00:00Z_------------------------------------",
      "2025-01-01T00:00:00Z_------------------------------------",
      farFuture,
      "99999999999999999999",
      Buffer.from(JSON.stringify([99999999999999999999])).toString("base64url"),
      Buffer.from(JSON.stringify([-1])).toString("base64url"),
      Buffer.from("not json").toString("base64url"),
    ]) {
      const answers = await sweep(`cursor=${cursor}`, { query: `?cursor=${encodeURIComponent(cursor)}` });
      expect(refusals(answers, ["invalid_cursor"], `cursor=${cursor}`, ["cursor"])).toEqual(PAGED_ROUTES);
    }
    // A cursor of one kind of list is no cursor for a list sorted by another key.
    const idLists = await sweep("an id cursor", { query: `?cursor=${idCursor}` });
    const timeLists = await sweep("a time cursor", { query: `?cursor=${timeCursor}` });
    const byTime = refusals(idLists, ["invalid_cursor"], "an id cursor", ["cursor"]);
    const byId = refusals(timeLists, ["invalid_cursor"], "a time cursor", ["cursor"]);
    expect(byTime).toEqual([
      "GET /api/admin/plans/[id]/rentals",
      "GET /api/admin/serials",
      "GET /api/admin/users",
      "GET /api/admin/users/[id]/notes",
      "GET /api/container/list",
      "GET /api/server/list",
      "GET /api/user/tokens",
    ]);
    expect([...byTime, ...byId].sort()).toEqual(PAGED_ROUTES);
  });

  it("refuses malformed and oddly shaped JSON bodies with 400 invalid_json or validation", async () => {
    const bodyRoutes = refusals(await sweep("body {", { body: "{" }), ["invalid_json"], "body {", ["_form"]);
    expect(bodyRoutes).toEqual(
      expect.arrayContaining(["POST /api/admin/plans", "POST /api/finance/generate_serial", "POST /api/user/login", "PATCH /api/user/me"]),
    );
    // A body that is not an object is refused by every route that reads one.
    for (const body of ["[]", "null", '"text"', "5"]) {
      const answers = await sweep(`body ${body}`, { body });
      refusals(answers, ["validation"], `body ${body}`, []);
      for (const route of bodyRoutes) expect(answers.get(route)!.status, `${route} with body ${body}`).toBe(400);
    }
    const oddFields = JSON.stringify({ email: ["a@b.c"], password: { x: 1 } });
    const answers = await sweep(`body ${oddFields}`, { body: oddFields });
    for (const route of ["POST /api/user/login", "POST /api/user/add_user"]) {
      expect(answers.get(route)!.status, route).toBe(400);
      expect(fieldCode(answers.get(route)!, "email"), route).toBe("invalid_type");
    }
  });

  it("answers the NUL refusal in the caller's language with the field named", async () => {
    const tokens = modules.find((m) => m.route === "/api/user/tokens")!;
    const zhAdmin = await createUser(db, { role: "admin", locale: "zh-CN" });
    const zh = await invoke(tokens, "POST", { headers: await authHeaders(zhAdmin), body: { name: NUL } });
    expect(zh.status).toBe(400);
    expect(zh.body.error.code).toBe("invalid_characters");
    expect(zh.body.error.fieldErrors.name).toEqual([{ code: "invalid_characters", message: "此字段包含不允许的字符。" }]);
    const statistics = modules.find((m) => m.route === "/api/finance/statistics")!;
    const en = await invoke(statistics, "GET", { headers: await authHeaders(admin), query: "?from=0000-01-01" });
    expect(en.status).toBe(400);
    expect(en.body.error.fieldErrors.from).toEqual([{ code: "date_out_of_range", message: "Enter a date between the years 1 and 9999." }]);
  });
});
