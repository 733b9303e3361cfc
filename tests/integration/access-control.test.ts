import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { admissionRefusals, apiTokens, controlAccounts, plans, serialBatches, serialCodes, servers, sessions, users } from "@/db/schema";
import { createApiToken, revokeApiToken } from "@/lib/accounts/api-tokens";
import { endCurrentSession } from "@/lib/accounts/sessions";
import { redeemSerial } from "@/lib/billing/redeem-serial";
import { reserveNode } from "@/lib/containers/placement";
import { addDevice } from "@/lib/devices/devices";
import { authHeaders, createUser, sessionUser, testSession, type TestUser } from "../helpers/auth";
import { makeCodes, makePlan } from "../helpers/billing";
import { testDb, unique } from "../helpers/db";
import { withEnv } from "../helpers/env";
import { makeServer } from "../helpers/fleet";
import { invoke, loadRouteModules, methodsOf, segments, type Answer, type Method, type Params, type RouteModule } from "../helpers/routes";

/**
 * Access control for every route module under app/api, discovered from the file system so that a new route
 * is covered the day it is added: anonymous callers get 401, customers get 403 on admin routes, a customer
 * who names another user's id gets 403/404 and none of that user's data, and state changes from another
 * site are refused. A new route is admin-only here unless it is listed below; listing it is a decision.
 */

/** Routes anyone may call. */
const PUBLIC = new Set([
  "/api/[...path]",
  "/api/auth/[...nextauth]",
  // derper's admission call: the secret in the path is the only authority (lib/devices/admission-http.ts).
  "/api/derp/admission/[secret]",
  // The API reference: its document and its page describe the API and reveal no data.
  "/api/docs",
  "/api/docs/assets/[file]",
  "/api/healthz",
  "/api/openapi.json",
  "/api/user/add_user",
  "/api/user/login",
  "/api/user/logout",
  "/api/user/password/forgot",
  "/api/user/password/reset",
  "/api/user/resend_code",
  "/api/user/verify",
]);

/** Routes for any signed-in user; each reaches only the caller's own data (an admin's: anyone's). */
const CUSTOMER = new Set([
  "/api/container/allocate",
  "/api/container/list",
  "/api/container/status/[id]",
  "/api/container/[id]/restart",
  "/api/devices",
  "/api/devices/[id]",
  "/api/devices/pending",
  "/api/devices/pending/[id]",
  "/api/devices/pending/[id]/approve",
  "/api/devices/control-accounts",
  "/api/devices/control-accounts/[id]",
  "/api/devices/control-accounts/[id]/nodes",
  "/api/devices/control-accounts/[id]/import",
  "/api/devices/control-accounts/[id]/sync",
  "/api/acl/download/[username]",
  "/api/acl/generate",
  "/api/acl/logs/[user_id]",
  "/api/acl/update",
  "/api/finance/orders/[id]",
  "/api/serial/activate",
  "/api/user/history/[user_id]",
  "/api/user/me",
  "/api/user/password/change",
  "/api/user/rental_info",
  "/api/user/sessions",
  "/api/user/sessions/[id]",
  "/api/user/tokens",
  "/api/user/tokens/[id]",
  "/api/user/totp",
  "/api/user/totp/confirm",
  "/api/user/totp/disable",
  "/api/user/totp/enrol",
]);

/**
 * Routes that take no session at all but a credential of their own, checked in their own block below instead
 * of by the session sweeps: Prometheus metrics (METRICS_TOKEN or METRICS_ALLOW_FROM, lib/metrics/access.ts).
 */
const OWN_CREDENTIAL = new Set(["/api/metrics"]);

/** Routes with their own CSRF protection (next-auth's token) or no state at all. */
const OWN_CSRF = new Set(["/api/auth/[...nextauth]", "/api/[...path]", "/api/derp/admission/[secret]"]);

const isPublic = (m: RouteModule) => PUBLIC.has(m.route);
const isCustomer = (m: RouteModule) => CUSTOMER.has(m.route);
const isAdmin = (m: RouteModule) => !isPublic(m) && !isCustomer(m);
const stateChanging = (x: Method) => x !== "GET";

/** A refusal carries the error and nothing else. */
function expectRefusal(a: Answer, status: number, code: string, where: string) {
  expect({ where, status: a.status }).toEqual({ where, status });
  expect(Object.keys(a.body ?? {}), where).toEqual(["error"]);
  expect(a.body.error.code, where).toBe(code);
  expect(typeof a.body.error.message, where).toBe("string");
}

let db: Db;
let modules: RouteModule[];
let allModules: RouteModule[];
let admin: TestUser;
let alice: TestUser;
let bob: TestUser;
let bobTokenId: string;
let bobSessionId: string;
let bobOrderId: number;
let bobRentalId: string;
let bobRelayId: string;
let bobDeviceId: string;
let bobPendingId: number;
let bobControlAccountId: string;
let plan: typeof plans.$inferSelect;

beforeAll(async () => {
  db = (await testDb()).db;
  allModules = await loadRouteModules();
  modules = allModules.filter((m) => !OWN_CREDENTIAL.has(m.route));

  [admin, alice, bob] = await Promise.all([createUser(db, { role: "admin" }), createUser(db), createUser(db)]);
  // Bob has an order, a rental, history entries and an API token: things Alice must not reach.
  plan = await makePlan(db, sessionUser(admin));
  const { codes } = await makeCodes(db, sessionUser(admin), plan, 1);
  const redeemed = await redeemSerial(db, sessionUser(bob), { code: codes[0] });
  bobOrderId = redeemed.orderId;
  bobRentalId = redeemed.rental.id;
  bobTokenId = (await createApiToken(db, sessionUser(bob), unique("bob-token"))).apiToken.id;
  bobSessionId = (await testSession(bob)).sessionId;
  // And a relay (a reserved row; no engine is reached): the server is up only while the node is reserved, so
  // no other test's allocation picks it.
  const server = await makeServer(db, { status: "up", dockerConnection: { kind: "socket", socketPath: "/nonexistent/derp-test/docker.sock" } });
  const reservation = await reserveNode(db, server, { id: bobRentalId }, 0);
  if (!reservation.ok) throw new Error(`reserving Bob's relay failed: ${reservation.why}`);
  bobRelayId = reservation.relay.id;
  await db.update(servers).set({ enabled: false }).where(eq(servers.id, server.id));
  bobDeviceId = (await addDevice(db, sessionUser(bob), { name: "bob's laptop", nodeKey: `nodekey:${"b".repeat(64)}` })).id;
  [{ id: bobPendingId }] = await db
    .insert(admissionRefusals)
    .values({ userId: bob.id, nodeKey: `nodekey:${"c".repeat(64)}`, reason: "unknown_key" })
    .returning({ id: admissionRefusals.id });
  // A connected control-server account (inserted directly: an ownership refusal never reaches the server).
  [{ id: bobControlAccountId }] = await db
    .insert(controlAccounts)
    .values({ userId: bob.id, kind: "headscale", baseUrl: "http://127.0.0.1:9", credentialSealed: Buffer.from("sealed") })
    .returning({ id: controlAccounts.id });
});

const session = (u: Pick<TestUser, "id" | "sessionVersion">, extra: Record<string, string> = {}) => authHeaders(u, extra);

describe("route inventory", () => {
  it("finds every route module, each with a handler, and every listed route exists", () => {
    expect(modules.length).toBeGreaterThanOrEqual(30);
    for (const m of modules) expect(methodsOf(m).length, m.route).toBeGreaterThan(0);
    const found = new Set(allModules.map((m) => m.route));
    for (const r of [...PUBLIC, ...CUSTOMER, ...OWN_CREDENTIAL]) expect(found.has(r), `${r} is listed but has no route module`).toBe(true);
    // The classification the rest of this file relies on, spelled out for the routes every deployment has.
    expect(modules.filter(isAdmin).map((m) => m.route)).toEqual(
      expect.arrayContaining(["/api/admin/users", "/api/logs/system", "/api/finance/statistics", "/api/finance/generate_serial"]),
    );
  });
});

describe("without a valid session", () => {
  it("answers 401 on every route that is not public", async () => {
    for (const m of modules.filter((m) => !isPublic(m))) {
      for (const method of methodsOf(m)) {
        expectRefusal(await invoke(m, method), 401, "unauthorized", `${method} ${m.route}`);
      }
    }
  });

  it("treats unknown, revoked, stale and ended credentials as no session", async () => {
    const revokedOwner = await createUser(db);
    const { token: revokedToken, apiToken } = await createApiToken(db, sessionUser(revokedOwner), "soon revoked");
    await revokeApiToken(db, sessionUser(revokedOwner), apiToken.id);
    const pending = await createUser(db, { status: "pending" });
    const stale = await createUser(db);
    const loggedOut = await testSession(stale);
    await endCurrentSession(db, { ...sessionUser(stale), sessionId: loggedOut.sessionId });
    const credentials: [string, Record<string, string>][] = [
      ["unknown API token", { authorization: "Bearer dmt_not-a-real-token" }],
      ["malformed bearer", { authorization: "Bearer" }],
      ["basic auth", { authorization: `Basic ${Buffer.from("a:b").toString("base64")}` }],
      ["revoked API token", { authorization: `Bearer ${revokedToken}` }],
      ["tampered cookie", { cookie: "next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.x.y.z.w" }],
      ["pending user", await session(pending)],
      ["logged-out session", { cookie: loggedOut.cookie }],
      ["old session version", await session({ id: stale.id, sessionVersion: stale.sessionVersion + 1 })],
      // An admin's ended session does not open admin routes either.
      ["admin session of an older version", await session({ id: admin.id, sessionVersion: admin.sessionVersion + 7 })],
    ];
    for (const m of modules.filter((m) => !isPublic(m))) {
      for (const method of methodsOf(m)) {
        for (const [label, headers] of credentials) {
          expectRefusal(await invoke(m, method, { headers }), 401, "unauthorized", `${method} ${m.route} with ${label}`);
        }
      }
    }
  });

  it("tells a disabled account so, by session cookie and by API token: 403 account_disabled, not 401", async () => {
    const disabled = await createUser(db);
    const { token } = await createApiToken(db, sessionUser(disabled), "before disabling");
    const cookie = await session(disabled);
    await db.update(users).set({ status: "disabled" }).where(eq(users.id, disabled.id));
    for (const m of modules.filter((m) => !isPublic(m))) {
      for (const method of methodsOf(m)) {
        for (const [label, headers] of [
          ["session cookie", cookie],
          ["API token", { authorization: `Bearer ${token}` }],
        ] as const) {
          expectRefusal(await invoke(m, method, { headers }), 403, "account_disabled", `${method} ${m.route} with ${label}`);
        }
      }
    }
  });

  it("lets anonymous callers reach the public routes (refused for bad input, never for lack of a session)", async () => {
    for (const m of modules.filter((m) => isPublic(m) && m.route !== "/api/auth/[...nextauth]")) {
      for (const method of methodsOf(m)) {
        const a = await invoke(m, method, { headers: { "x-forwarded-for": "198.51.100.7" } });
        expect([401, 403, 500], `${method} ${m.route} answered ${a.status}`).not.toContain(a.status);
      }
    }
  });
});

describe("a customer on admin routes", () => {
  it("gets 403 on every admin route, by session cookie and by API token", async () => {
    const { token } = await createApiToken(db, sessionUser(alice), unique("alice-token"));
    const admins = modules.filter(isAdmin);
    expect(admins.length).toBeGreaterThan(10);
    for (const m of admins) {
      for (const method of methodsOf(m)) {
        expectRefusal(await invoke(m, method, { headers: await session(alice) }), 403, "forbidden", `${method} ${m.route}`);
        expectRefusal(
          await invoke(m, method, { headers: { authorization: `Bearer ${token}` } }),
          403,
          "forbidden",
          `${method} ${m.route} (API token)`,
        );
      }
    }
  });

  it("is refused only for the role: an admin gets past the same checks", async () => {
    for (const m of modules.filter(isAdmin)) {
      for (const method of methodsOf(m)) {
        const a = await invoke(m, method, { headers: await session(admin) });
        expect([401, 403, 500], `${method} ${m.route} answered ${a.status} to an admin`).not.toContain(a.status);
      }
    }
  });

  it("changes nothing with well-formed admin requests", async () => {
    const byRoute = new Map(modules.map((m) => [m.route, m]));
    const route = (r: string) => {
      const m = byRoute.get(r);
      if (!m) throw new Error(`no route module ${r}`);
      return m;
    };
    const { batch } = await makeCodes(db, sessionUser(admin), plan, 2);
    const headers = await session(alice);
    const planName = unique("Sneaky plan");
    const attempts: [RouteModule, Method, { params?: Params; body?: unknown }][] = [
      [route("/api/admin/users/[id]/role"), "POST", { params: { id: alice.id }, body: { role: "admin" } }],
      [route("/api/admin/users/[id]/status"), "POST", { params: { id: bob.id }, body: { status: "disabled" } }],
      [route("/api/finance/generate_serial"), "POST", { body: { planId: plan.id, count: 3 } }],
      [
        route("/api/admin/plans"),
        "POST",
        {
          body: { nameEn: planName, nameZh: planName, durationDays: 1, trafficQuotaBytes: 1, deviceLimit: 1, priceMinor: 0, currency: "USD" },
        },
      ],
      [route("/api/admin/plans/[id]"), "DELETE", { params: { id: plan.id } }],
      [route("/api/admin/serials/[id]/revoke_unused"), "POST", { params: { id: batch.id } }],
    ];
    for (const [m, method, opts] of attempts) {
      expectRefusal(await invoke(m, method, { headers, ...opts }), 403, "forbidden", `${method} ${m.route}`);
    }
    const [a] = await db.select().from(users).where(eq(users.id, alice.id));
    const [b] = await db.select().from(users).where(eq(users.id, bob.id));
    expect(a.role).toBe("customer");
    expect(b.status).toBe("active");
    expect(await db.select().from(serialBatches).where(eq(serialBatches.planId, plan.id))).toHaveLength(2);
    expect(await db.select().from(plans).where(eq(plans.nameEn, planName))).toHaveLength(0);
    expect((await db.select().from(plans).where(eq(plans.id, plan.id)))[0].archivedAt).toBeNull();
    const codes = await db.select().from(serialCodes).where(eq(serialCodes.batchId, batch.id));
    expect(codes.map((c) => c.status)).toEqual(["unused", "unused"]);
  });
});

describe("a customer naming another user's objects", () => {
  /** For each customer route with parameters: another user's objects, and the caller's own. */
  const objectParams = (): Record<string, { other: Params; own: Params; body?: unknown }> => ({
    "/api/acl/download/[username]": { other: { username: bob.email }, own: { username: alice.email } },
    "/api/acl/logs/[user_id]": { other: { user_id: bob.id }, own: { user_id: alice.id } },
    "/api/finance/orders/[id]": { other: { id: bob.id }, own: { id: alice.id } },
    "/api/user/history/[user_id]": { other: { user_id: bob.id }, own: { user_id: alice.id } },
    "/api/user/tokens/[id]": { other: { id: bobTokenId }, own: { id: randomUUID() } },
    "/api/user/sessions/[id]": { other: { id: bobSessionId }, own: { id: randomUUID() } },
    "/api/container/status/[id]": { other: { id: bobRelayId }, own: { id: randomUUID() } },
    "/api/container/[id]/restart": { other: { id: bobRelayId }, own: { id: randomUUID() } },
    // A valid body, so that the ownership check (not validation) is what refuses.
    "/api/devices/[id]": { other: { id: bobDeviceId }, own: { id: randomUUID() }, body: { name: "mine now" } },
    "/api/devices/pending/[id]": { other: { id: String(bobPendingId) }, own: { id: "999999999" } },
    "/api/devices/pending/[id]/approve": { other: { id: String(bobPendingId) }, own: { id: "999999999" }, body: { name: "mine now" } },
    "/api/devices/control-accounts/[id]": { other: { id: bobControlAccountId }, own: { id: randomUUID() }, body: { syncEnabled: true } },
    "/api/devices/control-accounts/[id]/nodes": { other: { id: bobControlAccountId }, own: { id: randomUUID() } },
    "/api/devices/control-accounts/[id]/import": { other: { id: bobControlAccountId }, own: { id: randomUUID() }, body: { nodeIds: ["1"] } },
    "/api/devices/control-accounts/[id]/sync": { other: { id: bobControlAccountId }, own: { id: randomUUID() } },
  });

  it("lists every customer route that takes an id", () => {
    const withIds = modules.filter((m) => isCustomer(m) && segments(m.route).length > 0).map((m) => m.route);
    expect(withIds.sort()).toEqual(Object.keys(objectParams()).sort());
  });

  it("gets 403 or 404 for another user's id in the path, and none of their data", async () => {
    const secrets = [bob.id, bob.email, bobRentalId, String(bobOrderId), bobRelayId];
    for (const m of modules.filter((m) => isCustomer(m) && segments(m.route).length > 0)) {
      for (const method of methodsOf(m)) {
        for (const headers of [await session(alice), await session(alice, { "accept-language": "zh-CN" })]) {
          const a = await invoke(m, method, { headers, params: objectParams()[m.route].other, body: objectParams()[m.route].body });
          const where = `${method} ${m.route}`;
          expect([403, 404], `${where} answered ${a.status}`).toContain(a.status);
          expect(Object.keys(a.body), where).toEqual(["error"]);
          // Whole values only: a small order number must not be found inside "24 hours" of a message.
          for (const s of secrets) expect(a.text, where).not.toMatch(new RegExp(`\\b${s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`));
        }
      }
    }
    // Bob's control-server account was neither disconnected nor switched to sync by Alice's DELETE and PATCH.
    const [account] = await db.select().from(controlAccounts).where(eq(controlAccounts.id, bobControlAccountId));
    expect(account?.syncEnabled).toBe(false);
    // Bob's token was not revoked by Alice's DELETE, nor his session ended.
    const [token] = await db.select().from(apiTokens).where(and(eq(apiTokens.id, bobTokenId), isNull(apiTokens.revokedAt)));
    expect(token).toBeDefined();
    const [bobSession] = await db.select().from(sessions).where(and(eq(sessions.id, bobSessionId), isNull(sessions.endedAt)));
    expect(bobSession).toBeDefined();
  });

  it("gets 403 for another user's id in the query", async () => {
    const rentalInfo = modules.find((m) => m.route === "/api/user/rental_info")!;
    const a = await invoke(rentalInfo, "GET", { headers: await session(alice), query: `?user_id=${bob.id}` });
    expectRefusal(a, 403, "forbidden", "rental_info?user_id=<other>");
    expect(a.text).not.toContain(bobRentalId);
  });

  it("sees only their own objects in their own lists", async () => {
    const byRoute = (r: string) => modules.find((m) => m.route === r)!;
    const headers = await session(alice);
    const own = [
      await invoke(byRoute("/api/user/rental_info"), "GET", { headers }),
      await invoke(byRoute("/api/user/tokens"), "GET", { headers }),
      await invoke(byRoute("/api/user/sessions"), "GET", { headers }),
      await invoke(byRoute("/api/user/me"), "GET", { headers }),
      await invoke(byRoute("/api/user/history/[user_id]"), "GET", { headers, params: { user_id: alice.id } }),
      await invoke(byRoute("/api/finance/orders/[id]"), "GET", { headers, params: { id: alice.id } }),
      await invoke(byRoute("/api/container/list"), "GET", { headers }),
    ];
    for (const a of own) {
      expect(a.status).toBe(200);
      for (const s of [bob.id, bob.email, bobRentalId, bobTokenId, bobSessionId, bobRelayId]) expect(a.text).not.toContain(s);
    }
    expect(own[3].body.data.id).toBe(alice.id);
  });

  it("is not refused for their own objects", async () => {
    for (const m of modules.filter((m) => isCustomer(m))) {
      for (const method of methodsOf(m)) {
        const a = await invoke(m, method, { headers: await session(alice), params: objectParams()[m.route]?.own });
        // A random token id of one's own is simply not found; what matters is that the role is not refused.
        expect([401, 403, 500], `${method} ${m.route} answered ${a.status}`).not.toContain(a.status);
      }
    }
  });

  it("an admin reaches the same objects (the ids above are real)", async () => {
    const byRoute = (r: string) => modules.find((m) => m.route === r)!;
    const headers = await session(admin);
    const history = await invoke(byRoute("/api/user/history/[user_id]"), "GET", { headers, params: { user_id: bob.id } });
    expect(history.status).toBe(200);
    expect(history.body.items.length).toBeGreaterThan(0);
    const orders = await invoke(byRoute("/api/finance/orders/[id]"), "GET", { headers, params: { id: bob.id } });
    expect(orders.status).toBe(200);
    expect(orders.body.items.map((o: { id: number }) => o.id)).toContain(bobOrderId);
    const rentals = await invoke(byRoute("/api/user/rental_info"), "GET", { headers, query: `?user_id=${bob.id}` });
    expect(rentals.status).toBe(200);
    expect(rentals.body.items.map((r: { id: string }) => r.id)).toContain(bobRentalId);
  });
});

describe("state changes from another site", () => {
  it("are refused on every route, before the role or the input is looked at, and change nothing", async () => {
    const { token } = await createApiToken(db, sessionUser(alice), unique("alice-cross-site"));
    const tokensBefore = await db.select().from(apiTokens).where(eq(apiTokens.userId, alice.id));
    const foreign: [string, Record<string, string>][] = [
      ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
      ["Sec-Fetch-Site: same-site", { "sec-fetch-site": "same-site" }],
      ["foreign Origin", { origin: "https://evil.example" }],
      ["opaque Origin", { origin: "null" }],
    ];
    let checked = 0;
    for (const m of modules.filter((m) => !OWN_CSRF.has(m.route))) {
      const who = isAdmin(m) ? admin : alice;
      for (const method of methodsOf(m).filter(stateChanging)) {
        for (const [label, extra] of foreign) {
          const a = await invoke(m, method, {
            headers: await session(who, extra),
            params: m.route === "/api/user/tokens/[id]" ? { id: tokensBefore[0].id } : undefined,
            body: m.route === "/api/user/logout" ? { everywhere: true } : { name: "from elsewhere" },
          });
          expectRefusal(a, 403, "cross_site", `${method} ${m.route} with ${label}`);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(40);
    // Nothing happened: no token created or revoked, no session ended.
    const tokensAfter = await db.select().from(apiTokens).where(eq(apiTokens.userId, alice.id));
    expect(tokensAfter.map((t) => [t.id, t.revokedAt])).toEqual(tokensBefore.map((t) => [t.id, t.revokedAt]));
    const [a] = await db.select().from(users).where(eq(users.id, alice.id));
    expect(a.sessionVersion).toBe(alice.sessionVersion);
    expect(token).toMatch(/^dmt_/);
  });

  it("are accepted from the app itself and from clients that are not browsers", async () => {
    const tokens = modules.find((m) => m.route === "/api/user/tokens")!;
    const own: Record<string, string>[] = [{ "sec-fetch-site": "same-origin" }, { origin: "http://localhost:3000" }, {}];
    for (const extra of own) {
      const a = await invoke(tokens, "POST", { headers: await session(alice, extra), body: { name: unique("same-site") } });
      expect(a.status).toBe(201);
    }
  });
});

describe("answers that carry a secret", () => {
  it("are not cached and not sent on as a referrer", async () => {
    const byRoute = (r: string) => modules.find((m) => m.route === r)!;
    const token = await invoke(byRoute("/api/user/tokens"), "POST", { headers: await session(alice), body: { name: unique("t") } });
    const batch = await invoke(byRoute("/api/finance/generate_serial"), "POST", {
      headers: await session(admin),
      body: { planId: plan.id, count: 1 },
    });
    const exported = await invoke(byRoute("/api/admin/serials/[id]/export"), "GET", {
      headers: await session(admin),
      params: { id: batch.body.data.batch.id },
      query: "?format=txt",
    });
    for (const [label, a] of [["token", token], ["batch", batch], ["export", exported]] as const) {
      expect(a.status, label).toBeLessThan(300);
      expect(a.res.headers.get("referrer-policy"), label).toBe("no-referrer");
      expect(a.res.headers.get("cache-control"), label).toBe("no-store");
    }
    expect(exported.text.trim()).toBe(batch.body.data.codes[0]);
    // The secret is in the answer, and only there: the token list shows a prefix.
    const list = await invoke(byRoute("/api/user/tokens"), "GET", { headers: await session(alice) });
    expect(list.text).not.toContain(token.body.data.token);
  });
});

describe("routes with their own credential (metrics)", () => {
  const TOKEN = "metrics-token-for-the-access-sweep-0123456789";
  const metrics = () => allModules.find((m) => m.route === "/api/metrics")!;
  const callers = async (): Promise<[string, Record<string, string>][]> => [
    ["anonymous", {}],
    ["a customer's session", await session(alice)],
    ["an admin's session", await session(admin)],
    ["an admin's API token", { authorization: `Bearer ${(await createApiToken(db, sessionUser(admin), unique("admin-token"))).token}` }],
    ["a wrong metrics token", { authorization: `Bearer ${TOKEN}x` }],
    ["the token in another scheme", { authorization: `Basic ${TOKEN}` }],
    ["an address it would allow, but unproxied", { "x-forwarded-for": "127.0.0.1" }],
  ];

  it("answers 404 to everyone, an admin included, when neither a token nor addresses are configured", async () => {
    await withEnv({ METRICS_TOKEN: undefined, METRICS_ALLOW_FROM: undefined }, async () => {
      for (const [label, headers] of [...(await callers()), ["the would-be token", { authorization: `Bearer ${TOKEN}` }] as const]) {
        expectRefusal(await invoke(metrics(), "GET", { headers }), 404, "not_found", `GET /api/metrics by ${label}`);
      }
    });
  });

  it("with a token configured, refuses sessions, API tokens and wrong tokens (401), and serves its token", async () => {
    await withEnv({ METRICS_TOKEN: TOKEN, METRICS_ALLOW_FROM: "127.0.0.1/32", TRUST_PROXY_HOPS: "0" }, async () => {
      for (const [label, headers] of await callers()) {
        expectRefusal(await invoke(metrics(), "GET", { headers }), 401, "unauthorized", `GET /api/metrics by ${label}`);
      }
      const ok = await invoke(metrics(), "GET", { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(ok.status).toBe(200);
      expect(ok.text).toContain("# TYPE dm_database_up gauge");
      for (const method of ["POST", "PUT", "PATCH", "DELETE"] as const) {
        expect((await invoke(metrics(), method, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(405);
      }
    });
  });
});
