import { and, eq, sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { POST as nextAuthPost } from "@/app/api/auth/[...nextauth]/route";
import type { Db } from "@/db/client";
import { apiTokens, auditLog, plans, type Plan } from "@/db/schema";
import { authHeaders, createUser, randomIp, sessionUser, type TestUser } from "../helpers/auth";
import { count, makeCodes, makePlan } from "../helpers/billing";
import { testDb, unique } from "../helpers/db";
import { invoke, loadRouteModules, type Answer, type RouteModule } from "../helpers/routes";

/**
 * Input that was accepted (and stored changed, or made a 500) before: JSON of the wrong type coerced into
 * numbers, lone UTF-16 surrogates, and bodies too large for memory sent without Content-Length. Each is a 4xx
 * with its code, and nothing is written.
 */

// Server actions read the request through next/headers; outside Next, the test provides it.
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({
  headers: async () => request.headers,
  cookies: async () => ({ get: () => undefined, set: () => undefined, delete: () => undefined }),
}));

const LONE = "name \ud800 here";

let db: Db;
let modules: RouteModule[];
let admin: TestUser;
let alice: TestUser;
let plan: Plan;

beforeAll(async () => {
  db = (await testDb()).db;
  modules = await loadRouteModules();
  [admin, alice] = await Promise.all([createUser(db, { role: "admin" }), createUser(db)]);
  plan = await makePlan(db, sessionUser(admin), { priceMinor: 1500 });
});

const route = (r: string) => modules.find((m) => m.route === r)!;
const batchesOfPlan = () => count(db, sql`select count(*) as n from serial_batches where plan_id = ${plan.id}`);

function expectRefused(a: Answer, status: number, code: string, where: string) {
  expect({ where, status: a.status }).toEqual({ where, status });
  expect(a.body?.error?.code, `${where}: ${a.text.slice(0, 300)}`).toBe(code);
}

describe("JSON bodies take the types they declare", () => {
  it("refuses a price, count or flag that is not a JSON number or boolean, and generates nothing", async () => {
    const generate = route("/api/finance/generate_serial");
    const headers = await authHeaders(admin);
    for (const priceMinor of [null, "", [], false, "0x10", true, [5], "5", {}]) {
      const a = await invoke(generate, "POST", { headers, body: { planId: plan.id, count: 1, priceMinor } });
      expectRefused(a, 400, "validation", `priceMinor ${JSON.stringify(priceMinor)}`);
      expect(a.body.error.fieldErrors.priceMinor[0].code).toBe("number_expected");
    }
    // The field's old name is refused, not ignored: the batch would otherwise get the plan's price.
    const renamed = await invoke(generate, "POST", { headers, body: { planId: plan.id, count: 1, price: 999 } });
    expectRefused(renamed, 400, "validation", "price instead of priceMinor");
    expect(renamed.body.error.fieldErrors.price[0].code).toBe("price_renamed");
    for (const count of [null, "1", true, [1], "0x1"]) {
      const a = await invoke(generate, "POST", { headers, body: { planId: plan.id, count } });
      expectRefused(a, 400, "validation", `count ${JSON.stringify(count)}`);
      expect(a.body.error.fieldErrors.count[0].code).toBe("number_expected");
    }
    const date = await invoke(generate, "POST", { headers, body: { planId: plan.id, count: 1, redeemBy: 4102444800000 } });
    expectRefused(date, 400, "validation", "redeemBy as a number");
    expect(await batchesOfPlan()).toBe(0);

    // Left out, the price is the plan's.
    const ok = await invoke(generate, "POST", { headers, body: { planId: plan.id, count: 1 } });
    expect(ok.status).toBe(201);
    expect(ok.body.data.batch.priceMinor).toBe(1500);
    const free = await invoke(generate, "POST", { headers, body: { planId: plan.id, count: 1, priceMinor: 0 } });
    expect(free.body.data.batch.priceMinor).toBe(0);
    expect(await batchesOfPlan()).toBe(2);
  });

  it("refuses plan fields of the wrong JSON type and creates no plan", async () => {
    const plansRoute = route("/api/admin/plans");
    const headers = await authHeaders(admin);
    const nameEn = unique("Typed plan");
    const body = { nameEn, nameZh: "套餐", durationDays: 30, trafficQuotaBytes: 1e9, deviceLimit: 2, priceMinor: 500, currency: "USD" };
    for (const [field, value, code] of [
      ["durationDays", "30", "number_expected"],
      ["priceMinor", null, "number_expected"],
      ["deviceLimit", true, "number_expected"],
      ["trafficQuotaBytes", [1], "number_expected"],
      ["active", "true", "invalid_type"],
      ["bandwidthLimitBytesPerSec", "", "number_expected"],
    ] as const) {
      const a = await invoke(plansRoute, "POST", { headers, body: { ...body, [field]: value } });
      expectRefused(a, 400, "validation", `${field} ${JSON.stringify(value)}`);
      expect(a.body.error.fieldErrors[field][0].code, field).toBe(code);
    }
    expect(await db.select().from(plans).where(eq(plans.nameEn, nameEn))).toHaveLength(0);
    expect((await invoke(plansRoute, "POST", { headers, body })).status).toBe(201);
  });
});

describe("lone UTF-16 surrogates", () => {
  it("are refused with 400 invalid_characters in token names, plan names, batches and codes, and nothing is written", async () => {
    const headers = await authHeaders(admin);
    const auditBefore = await count(db, sql`select count(*) as n from audit_log where actor_id = ${admin.id}`);
    const attempts: [string, "POST", unknown, string][] = [
      ["/api/user/tokens", "POST", { name: LONE }, "name"],
      ["/api/user/tokens", "POST", { name: "\udfff" }, "name"],
      ["/api/admin/plans", "POST", { nameEn: LONE, nameZh: "套餐", durationDays: 1, trafficQuotaBytes: 1, deviceLimit: 1, priceMinor: 0, currency: "USD" }, "nameEn"],
      ["/api/finance/generate_serial", "POST", { planId: plan.id, count: 1, channel: LONE }, "channel"],
      ["/api/serial/activate", "POST", { code: `ABCDE-\ud800` }, "code"],
      ["/api/user/login", "POST", { email: "a@example.com", password: LONE }, "password"],
    ];
    for (const [path, method, body, field] of attempts) {
      const a = await invoke(route(path), method, { headers: { ...headers, "x-forwarded-for": randomIp() }, body });
      expectRefused(a, 400, "invalid_characters", `${method} ${path}`);
      expect(a.body.error.fieldErrors[field][0].code).toBe("invalid_characters");
    }
    // A surrogate pair (an emoji) is fine.
    const emoji = await invoke(route("/api/user/tokens"), "POST", { headers, body: { name: "laptop 💻" } });
    expect(emoji.status).toBe(201);
    expect(emoji.body.data.apiToken.name).toBe("laptop 💻");

    expect(await db.select().from(apiTokens).where(and(eq(apiTokens.userId, admin.id), sql`${apiTokens.name} <> 'laptop 💻'`))).toHaveLength(0);
    expect(await count(db, sql`select count(*) as n from serial_batches where plan_id = ${plan.id} and channel is not null`)).toBe(0);
    // Only the emoji token was audited.
    expect(await count(db, sql`select count(*) as n from audit_log where actor_id = ${admin.id}`)).toBe(auditBefore + 1);
  });

  it("are refused in server actions called with an object, like in routes", async () => {
    const { createTokenAction } = await import("@/app/(portal)/profile/actions");
    request.headers = new Headers({ "accept-language": "en", ...(await authHeaders(alice)) });
    const state = await createTokenAction(null, { name: LONE });
    expect(state).toMatchObject({ ok: false, error: { code: "invalid_characters", fieldErrors: { name: [{ code: "invalid_characters" }] } } });
    expect(await db.select().from(apiTokens).where(eq(apiTokens.userId, alice.id))).toHaveLength(0);
    expect(await db.select().from(auditLog).where(eq(auditLog.actorId, alice.id))).toHaveLength(0);
  });
});

/** A body of `total` bytes of JSON whitespace, produced only as it is read; `pulled()` says how much was. */
function lazyBody(total: number) {
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
  return { stream, pulled: () => sent };
}

describe("request bodies", () => {
  it("stop being read past 1 MB without Content-Length: 413 payload_too_large, anonymous or not", async () => {
    for (const [path, headers] of [
      ["/api/user/add_user", {}],
      ["/api/user/login", {}],
      ["/api/admin/plans", await authHeaders(admin)],
    ] as const) {
      const body = lazyBody(300 * 1024 * 1024);
      const a = await invoke(route(path), "POST", { headers: { ...headers, "x-forwarded-for": randomIp() }, body: body.stream });
      expectRefused(a, 413, "payload_too_large", path);
      expect(body.pulled(), path).toBeLessThan(2 * 1024 * 1024);
    }
  });

  it("are refused at once when Content-Length says they are too large, and must be UTF-8", async () => {
    const big = await invoke(route("/api/user/add_user"), "POST", {
      headers: { "content-length": "1000001", "x-forwarded-for": randomIp() },
      body: " ".repeat(1_000_001),
    });
    expectRefused(big, 413, "payload_too_large", "declared 1000001 bytes");
    const latin1 = new Uint8Array([0x7b, 0x22, 0x65, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]); // {"e":"é"} in Latin-1
    const a = await invoke(route("/api/user/add_user"), "POST", {
      headers: { "x-forwarded-for": randomIp() },
      body: new ReadableStream({ start: (c) => (c.enqueue(latin1), c.close()) }),
    });
    expectRefused(a, 400, "invalid_body_encoding", "Latin-1 body");
  });
});

describe("next-auth's own endpoints", () => {
  const post = (body: BodyInit, type = "application/json") =>
    nextAuthPost(
      new NextRequest("http://localhost:3000/api/auth/callback/credentials", {
        method: "POST",
        headers: { "content-type": type, "accept-language": "en" },
        body,
        ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
      }),
      { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) },
    );

  it("answer malformed JSON with 400 invalid_json instead of a 500", async () => {
    const res = await post("{not json");
    expect(res.status).toBe(400);
    expect((await res.json()).error).toEqual({ code: "invalid_json", message: "The request body must be valid JSON." });
  });

  it("refuse bodies over 1 MB while streaming, and lone surrogates", async () => {
    const body = lazyBody(50 * 1024 * 1024);
    const res = await post(body.stream, "application/x-www-form-urlencoded");
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("payload_too_large");
    expect(body.pulled()).toBeLessThan(2 * 1024 * 1024);
    const lone = await post(JSON.stringify({ email: "a@example.com", password: LONE }));
    expect(lone.status).toBe(400);
    expect((await lone.json()).error.code).toBe("invalid_characters");
  });
});

describe("a redemption", () => {
  it("creates an order: 201 with the order and the rental", async () => {
    const { codes } = await makeCodes(db, sessionUser(admin), plan, 1);
    const a = await invoke(route("/api/serial/activate"), "POST", { headers: await authHeaders(alice), body: { code: codes[0] } });
    expect(a.status).toBe(201);
    expect(a.body.data).toMatchObject({ extended: false, rental: { planId: plan.id } });
    expect(typeof a.body.data.orderId).toBe("number");
  });
});
