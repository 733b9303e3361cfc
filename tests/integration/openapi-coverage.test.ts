import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { openApiDocument } from "@/app/_lib/openapi/document";
import { planInput } from "@/lib/billing/schemas";
import { orderFilter } from "@/lib/billing/orders";
import { ANSWER_SCHEMAS } from "@/lib/http/openapi/answers";
import { openApiPath } from "@/lib/http/openapi/document";
import { admissionRefusals, relays, rentals } from "@/db/schema";
import { newMeshKeySealed, newRelaySecrets } from "@/lib/containers/relay-secrets";
import { writeSystemLog } from "@/lib/logs/system-log";
import { base32Decode, totp } from "@/lib/crypto/totp";
import { makeAdmissionRelay, randomNodeKey } from "../helpers/admission";
import { authHeaders, createUser } from "../helpers/auth";
import { insertUser, makeCodes, makePlan } from "../helpers/billing";
import { testDb } from "../helpers/db";
import { startFakeTailscale } from "../helpers/fake-tailscale";
import { makeServer } from "../helpers/fleet";
import { pemBody, serverBody, sshKeyPair, testPki, WILDCARD_DOMAIN } from "../helpers/servers";
import { makeRental } from "../helpers/rentals";
import { invoke, loadRouteModules, methodsOf, type RouteModule } from "../helpers/routes";

/**
 * The API reference (GET /api/openapi.json) against the route files on disk: every route under app/api and
 * each method it implements is in the document, and nothing in the document lacks a route. A route left out
 * of the document is listed here, with why; listing it is a decision.
 */
const NOT_DOCUMENTED = new Map([
  ["/api/[...path]", "the catch-all JSON 404 for paths without a route"],
  ["/api/auth/[...nextauth]", "next-auth's own endpoints (csrf, callback, session), for its browser client"],
  ["/api/derp/admission/[secret]", "derper's admission call; the secret in the path is the only authority"],
  ["/api/docs", "the reference page itself (HTML)"],
  ["/api/metrics", "Prometheus text for a scraper with its own token (README, \"Metrics and alerts\"), not a JSON route"],
  ["/api/docs/assets/[file]", "the reference page's script and style files"],
  ["/api/openapi.json", "the document itself"],
]);

let modules: RouteModule[];
type Doc = ReturnType<typeof openApiDocument>;
let doc: Doc;

beforeAll(async () => {
  modules = await loadRouteModules();
  doc = openApiDocument();
});

const documented = (d: Doc) =>
  Object.entries(d.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));

describe("the OpenAPI document covers app/api", () => {
  it("lists every method of every route module, but the few left out on purpose", () => {
    const onDisk = modules
      .filter((m) => !NOT_DOCUMENTED.has(m.route))
      .flatMap((m) => methodsOf(m).map((method) => `${method} ${openApiPath(m.route)}`))
      .sort();
    expect(onDisk.length).toBeGreaterThan(90);
    expect(documented(doc).sort()).toEqual(onDisk);
  });

  it("documents nothing that has no route, and every exclusion is a real route", () => {
    const routes = new Set(modules.map((m) => openApiPath(m.route)));
    for (const path of Object.keys(doc.paths)) expect(routes.has(path), path).toBe(true);
    for (const r of NOT_DOCUMENTED.keys()) expect(routes.has(openApiPath(r)), `${r} is excluded but has no route module`).toBe(true);
  });

  it("is OpenAPI 3.1 with both ways to sign in, and every operation says who may call it", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(["bearerToken", "sessionCookie"]);
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item as Record<string, { "x-access": string; security: object[]; responses: object }>)) {
        expect(["public", "user", "admin"], `${method} ${path}`).toContain(op["x-access"]);
        // Anonymous access ({}) only on public routes.
        expect(op.security.some((s) => Object.keys(s).length === 0), `${method} ${path}`).toBe(op["x-access"] === "public");
        expect(Object.keys(op.responses), `${method} ${path}`).toEqual(expect.arrayContaining(["4XX", "5XX"]));
      }
    }
    expect(JSON.stringify(doc)).not.toContain("$ref");
  });
});

describe("the document is generated from the schemas the routes validate with", () => {
  const op = (path: string, method: string) => (doc.paths as Record<string, Record<string, Record<string, unknown>>>)[path][method];

  it("a request body is the route's own zod schema, as the caller writes it", () => {
    const { $schema: _, ...expected } = z.toJSONSchema(planInput, { io: "input", unrepresentable: "any" });
    expect(op("/api/admin/plans", "post").requestBody).toEqual({
      required: true,
      content: { "application/json": { schema: expected } },
    });
  });

  it("query and path parameters are the properties of the route's query and params schemas", () => {
    const query = z.toJSONSchema(orderFilter, { io: "input", unrepresentable: "any" }) as { properties: Record<string, unknown> };
    const params = op("/api/admin/orders", "get").parameters as { name: string; in: string }[];
    expect(params.map((p) => p.name).sort()).toEqual(Object.keys(query.properties).sort());
    expect(params.every((p) => p.in === "query")).toBe(true);

    const revoke = op("/api/admin/serials/{id}/codes/{codeId}/revoke", "post").parameters as { name: string; in: string; required: boolean; schema: { type: string } }[];
    expect(revoke.map((p) => [p.name, p.in, p.required, p.schema.type])).toEqual([
      ["id", "path", true, "string"],
      ["codeId", "path", true, "integer"],
    ]);
  });

  it("access comes from the route: public sign-up, a customer's devices, admin plans", () => {
    expect(op("/api/user/add_user", "post")["x-access"]).toBe("public");
    expect(op("/api/devices", "get")["x-access"]).toBe("user");
    expect(op("/api/admin/plans", "get")["x-access"]).toBe("admin");
  });
});

describe("serving", () => {
  const get = async (path: string, params: Record<string, string> = {}) => {
    const { NextRequest } = await import("next/server");
    const mod = modules.find((m) => openApiPath(m.route) === path.replace(/\/assets\/[^/]+$/, "/assets/{file}"))!;
    return mod.handlers.GET!(new NextRequest(`http://localhost:3000${path}`), { params: Promise.resolve(params) });
  };

  it("answers the document publicly, cacheable", async () => {
    const res = await get("/api/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    expect(((await res.json()) as Doc).paths["/api/devices"]).toHaveProperty("get");
  });

  it("serves the reference page and its files from this app, and nothing else by name", async () => {
    const page = await (await get("/api/docs")).text();
    const sources = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(sources.length).toBe(3);
    for (const src of sources) expect(src).toMatch(/^\/api\/docs\/assets\//);

    const bundle = await get("/api/docs/assets/swagger-ui-bundle.js", { file: "swagger-ui-bundle.js" });
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toContain("javascript");
    expect((await bundle.text()).length).toBeGreaterThan(500_000);
    const init = await (await get("/api/docs/assets/init.js", { file: "init.js" })).text();
    expect(init).toContain('url: "/api/openapi.json"');

    for (const name of ["../package.json", "index.html", "swagger-ui-bundle.js.map", "constructor"]) {
      expect((await get(`/api/docs/assets/x`, { file: name })).status, name).toBe(404);
    }
  });
});

describe("the answers described exactly match real answers", () => {
  const route = (r: string) => modules.find((m) => m.route === r)!;

  it("profile, API tokens, sessions, two-factor status, regions and health", async () => {
    const { db } = await testDb();
    const user = await createUser(db);
    const headers = await authHeaders(user);

    const created = await invoke(route("/api/user/tokens"), "POST", { headers, body: { name: "openapi", scope: "read" } });
    expect(created.status).toBe(201);
    ANSWER_SCHEMAS.createdToken.parse(created.body.data);
    const checks: [string, z.ZodType, unknown][] = [
      ["/api/user/me", ANSWER_SCHEMAS.profile, (await invoke(route("/api/user/me"), "GET", { headers })).body.data],
      ["/api/user/totp", ANSWER_SCHEMAS.twoFactorStatus, (await invoke(route("/api/user/totp"), "GET", { headers })).body.data],
      ["/api/healthz", ANSWER_SCHEMAS.health, (await invoke(route("/api/healthz"), "GET")).body.data],
    ];
    const admin = await authHeaders(await createUser(db, { role: "admin" }));
    const code = `oa${Date.now().toString(36)}`;
    const made = await invoke(route("/api/admin/regions"), "POST", { headers: admin, body: { code, nameEn: "OpenAPI", nameZh: "接口", country: "DE", latitude: 50, longitude: 8 } });
    expect(made.status, made.text).toBe(201);
    checks.push(["POST /api/admin/regions", ANSWER_SCHEMAS.region, made.body.data]);
    const patched = await invoke(route("/api/admin/regions/[id]"), "PATCH", { headers: admin, params: { id: made.body.data.id }, body: { active: false } });
    checks.push(["PATCH /api/admin/regions/[id]", ANSWER_SCHEMAS.region, patched.body.data]);
    const one = await invoke(route("/api/admin/regions/[id]"), "GET", { headers: admin, params: { id: made.body.data.id } });
    checks.push(["GET /api/admin/regions/[id]", ANSWER_SCHEMAS.regionWithUsage, one.body.data]);
    for (const r of (await invoke(route("/api/admin/regions"), "GET", { headers: admin })).body.items as unknown[]) {
      checks.push(["GET /api/admin/regions", ANSWER_SCHEMAS.regionWithUsage, r]);
    }
    const tokens = (await invoke(route("/api/user/tokens"), "GET", { headers })).body.items as unknown[];
    const sessions = (await invoke(route("/api/user/sessions"), "GET", { headers })).body.items as unknown[];
    expect(tokens.length).toBeGreaterThan(0);
    expect(sessions.length).toBeGreaterThan(0);
    for (const t of tokens) checks.push(["/api/user/tokens", ANSWER_SCHEMAS.apiToken, t]);
    for (const x of sessions) checks.push(["/api/user/sessions", ANSWER_SCHEMAS.session, x]);
    for (const [where, schema, value] of checks) expect(schema.safeParse(value).error, where).toBeUndefined();
    // Strict: a field the schema does not name is a mismatch, so a new field cannot slip past the document.
    expect(ANSWER_SCHEMAS.profile.safeParse({ ...(checks[0][2] as object), extra: 1 }).success).toBe(false);
  });

  it("a customer's rentals, relays, allocation, devices, pending devices and DERP map", async () => {
    const { db } = await testDb();
    const user = await createUser(db);
    const headers = await authHeaders(user);
    // An active rental with a relay row that runs on a server never reached (no container is started), and
    // a pending one without a region (the nullable fields).
    const { rental, relayId } = await makeAdmissionRelay(db, { userId: user.id });
    await makeRental(db, { regionId: null, userId: user.id });
    await db.insert(admissionRefusals).values([
      { userId: user.id, nodeKey: randomNodeKey(), reason: "unknown_key" },
      { userId: user.id, relayId, nodeKey: randomNodeKey(), sourceIp: "203.0.113.7", country: "DE", region: "HE", city: "Frankfurt", reason: "device_limit", count: 3 },
    ]);

    const added = await invoke(route("/api/devices"), "POST", { headers, body: { name: "laptop", nodeKey: randomNodeKey() } });
    expect(added.status, added.text).toBe(201);
    const allocated = await invoke(route("/api/container/allocate"), "POST", { headers, body: { rentalId: rental.id } });
    expect(allocated.status, allocated.text).toBe(200);
    expect(allocated.body.data.relays).toHaveLength(1);
    const status = await invoke(route("/api/container/status/[id]"), "GET", { headers, params: { id: relayId } });
    expect(status.status, status.text).toBe(200);
    const checks: [string, z.ZodType, unknown][] = [
      ["POST /api/devices", ANSWER_SCHEMAS.device, added.body.data],
      ["POST /api/container/allocate", ANSWER_SCHEMAS.allocation, allocated.body.data],
      ["GET /api/container/status/[id]", ANSWER_SCHEMAS.relay, status.body.data],
    ];
    const lists: [string, z.ZodType, number][] = [
      ["/api/user/rental_info", ANSWER_SCHEMAS.rentalInfo, 2],
      ["/api/container/list", ANSWER_SCHEMAS.relay, 1],
      ["/api/devices", ANSWER_SCHEMAS.device, 1],
      ["/api/devices/pending", ANSWER_SCHEMAS.pendingDevice, 2],
    ];
    // The DERP map holds the running relay, so its regions and nodes are checked too.
    for (const path of ["/api/acl/generate", "/api/acl/update"]) {
      const res = await invoke(route(path), "POST", { headers, body: {} });
      expect(res.status, `${path}: ${res.text}`).toBe(200);
      expect(Object.keys(res.body.data.map.Regions), path).toHaveLength(1);
      checks.push([`POST ${path}`, ANSWER_SCHEMAS.derpMapView, res.body.data]);
    }
    const log = await invoke(route("/api/acl/logs/[user_id]"), "GET", { headers, params: { user_id: user.id } });
    expect(log.body.items).toHaveLength(2);
    for (const entry of log.body.items as unknown[]) checks.push(["GET /api/acl/logs/[user_id]", ANSWER_SCHEMAS.derpMapAccess, entry]);
    for (const [path, schema, n] of lists) {
      const res = await invoke(route(path), "GET", { headers });
      expect(res.status, `${path}: ${res.text}`).toBe(200);
      expect(res.body.items, path).toHaveLength(n);
      for (const item of res.body.items as unknown[]) checks.push([`GET ${path}`, schema, item]);
    }
    for (const [where, schema, value] of checks) expect(schema.safeParse(value).error, where).toBeUndefined();
  });

  it("relay actions, a renamed device and an approved pending device", async () => {
    const { db } = await testDb();
    const user = await createUser(db);
    const headers = await authHeaders(user);
    const admin = await authHeaders(await createUser(db, { role: "admin" }));
    // A relay row on a server reached through the local engine's socket, with no container of that name:
    // stopping and releasing it are the real transitions (Docker answers 404, which is stopped or gone), and no
    // container is started. Starting the running relay answers it as it is; restart and move need a real
    // container (containers-routes.test.ts) and answer the same relay view.
    const server = await makeServer(db);
    const { rental } = await makeRental(db, { regionId: server.regionId, status: "active", userId: user.id });
    const relayId = crypto.randomUUID();
    await db.insert(relays).values({
      id: relayId,
      serverId: server.id,
      kind: "customer",
      containerName: `derp-openapi-${relayId}`,
      derpPort: server.derpPortMin,
      stunPort: server.stunPortMin,
      hostname: "127.0.0.1",
      state: "running",
      rentalId: rental.id,
      ...newRelaySecrets(relayId).columns,
    });
    const act = (path: string, method: "POST" | "DELETE") => invoke(route(path), method, { headers: admin, params: { id: relayId } });
    const checks: [string, z.ZodType, unknown][] = [];
    for (const [path, method, state] of [
      ["/api/container/[id]/start", "POST", "running"],
      ["/api/container/[id]/stop", "POST", "stopped"],
      ["/api/container/release/[id]", "DELETE", "released"],
    ] as const) {
      const res = await act(path, method);
      expect(res.status, `${path}: ${res.text}`).toBe(200);
      expect(res.body.data.state, path).toBe(state);
      checks.push([`${method} ${path}`, ANSWER_SCHEMAS.relay, res.body.data]);
    }

    await db.insert(admissionRefusals).values({ userId: user.id, nodeKey: randomNodeKey(), reason: "unknown_key" });
    const [pending] = (await invoke(route("/api/devices/pending"), "GET", { headers })).body.items as { id: number }[];
    const approved = await invoke(route("/api/devices/pending/[id]/approve"), "POST", { headers, params: { id: String(pending.id) }, body: { name: "phone" } });
    expect(approved.status, approved.text).toBe(201);
    checks.push(["POST /api/devices/pending/[id]/approve", ANSWER_SCHEMAS.device, approved.body.data]);
    const renamed = await invoke(route("/api/devices/[id]"), "PATCH", { headers, params: { id: approved.body.data.id }, body: { name: "tablet" } });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body.data).toEqual({ id: approved.body.data.id, name: "tablet" });
    checks.push(["PATCH /api/devices/[id]", ANSWER_SCHEMAS.renamedDevice, renamed.body.data]);
    for (const [where, schema, value] of checks) expect(schema.safeParse(value).error, where).toBeUndefined();
  });

  it("admin rental actions and a grant answer the rental without its sealed HA mesh key", async () => {
    const { db } = await testDb();
    const adminUser = await createUser(db, { role: "admin" });
    const admin = await authHeaders(adminUser);
    const customer = await createUser(db);
    const plan = await makePlan(db, adminUser, { relayNodes: 2 });
    const granted = await invoke(route("/api/admin/users/[id]/rentals"), "POST", { headers: admin, params: { id: customer.id }, body: { planId: plan.id, days: 30, reason: "openapi" } });
    expect(granted.status, granted.text).toBe(201);
    const id = granted.body.data.rental.id as string;
    // An HA rental holds its mesh key sealed in its row (allocation sets it): it must never be answered.
    await db.update(rentals).set({ meshKeySealed: newMeshKeySealed(id) }).where(eq(rentals.id, id));
    const answers: [string, z.ZodType, unknown][] = [["POST /api/admin/users/[id]/rentals", ANSWER_SCHEMAS.grantedRental, granted.body.data]];
    for (const [action, body] of [
      ["traffic", { quotaBytes: 5_000_000_000, reason: "openapi" }],
      ["suspend", { reason: "openapi" }],
      ["unsuspend", { reason: "openapi" }],
      ["expiry", { expiresAt: new Date(Date.now() + 86_400_000).toISOString(), reason: "openapi" }],
    ] as const) {
      const res = await invoke(route(`/api/admin/rentals/[id]/${action}`), "POST", { headers: admin, params: { id }, body });
      expect(res.status, `${action}: ${res.text}`).toBe(200);
      expect(res.text, action).not.toMatch(/meshKey|reminded|quotaWarned/);
      answers.push([`POST /api/admin/rentals/[id]/${action}`, ANSWER_SCHEMAS.adminRental, res.body.data]);
    }
    const regranted = await invoke(route("/api/admin/users/[id]/rentals"), "POST", { headers: admin, params: { id: customer.id }, body: { planId: plan.id, days: 5, reason: "openapi" } });
    expect(regranted.body.data.extended).toBe(true);
    expect(regranted.text).not.toMatch(/meshKey/);
    answers.push(["POST /api/admin/users/[id]/rentals (extended)", ANSWER_SCHEMAS.grantedRental, regranted.body.data]);
    for (const [where, schema, value] of answers) expect(schema.safeParse(value).error, where).toBeUndefined();
  });

  it("admin plans: created, listed, changed, its sales and rentals after a redemption, archived", async () => {
    const { db } = await testDb();
    const admin = await authHeaders(await createUser(db, { role: "admin" }));
    const customer = await authHeaders(await createUser(db));
    const input = { nameEn: "OpenAPI plan", nameZh: "套餐", durationDays: 30, trafficQuotaBytes: 10_000_000_000, deviceLimit: 2, priceMinor: 990, currency: "EUR" };
    const made = await invoke(route("/api/admin/plans"), "POST", { headers: admin, body: input });
    expect(made.status, made.text).toBe(201);
    const id = made.body.data.id as string;
    const put = await invoke(route("/api/admin/plans/[id]"), "PUT", { headers: admin, params: { id }, body: { ...input, bandwidthLimitBytesPerSec: 12_500_000, relayNodes: 2 } });
    expect(put.status, put.text).toBe(200);
    const checks: [string, z.ZodType, unknown][] = [
      ["POST /api/admin/plans", ANSWER_SCHEMAS.plan, made.body.data],
      ["PUT /api/admin/plans/[id]", ANSWER_SCHEMAS.plan, put.body.data],
    ];
    // A sale: a batch of this plan, one code redeemed (an order, the daily revenue rollup and a rental).
    const batch = await invoke(route("/api/finance/generate_serial"), "POST", { headers: admin, body: { planId: id, count: 2 } });
    expect(batch.status, batch.text).toBe(201);
    const redeemed = await invoke(route("/api/serial/activate"), "POST", { headers: customer, body: { code: batch.body.data.codes[0] } });
    expect(redeemed.status, redeemed.text).toBe(201);

    const sales = await invoke(route("/api/admin/plans/[id]/sales"), "GET", { headers: admin, params: { id } });
    expect(sales.body.data.orders).toBe(1);
    checks.push(["GET /api/admin/plans/[id]/sales", ANSWER_SCHEMAS.planSales, sales.body.data]);
    const rentalsOfPlan = await invoke(route("/api/admin/plans/[id]/rentals"), "GET", { headers: admin, params: { id } });
    expect(rentalsOfPlan.body.items).toHaveLength(1);
    checks.push(["GET /api/admin/plans/[id]/rentals", ANSWER_SCHEMAS.planRental, rentalsOfPlan.body.items[0]]);
    const one = await invoke(route("/api/admin/plans/[id]"), "GET", { headers: admin, params: { id } });
    expect(one.body.data.sold).toBe(true);
    checks.push(["GET /api/admin/plans/[id]", ANSWER_SCHEMAS.planWithUsage, one.body.data]);
    // Sold, so archived rather than deleted: 200 with the plan as it now is.
    const archived = await invoke(route("/api/admin/plans/[id]"), "DELETE", { headers: admin, params: { id } });
    expect(archived.status, archived.text).toBe(200);
    expect(archived.body.data.archivedAt).not.toBeNull();
    checks.push(["DELETE /api/admin/plans/[id]", ANSWER_SCHEMAS.planWithUsage, archived.body.data]);
    const all = (await invoke(route("/api/admin/plans"), "GET", { headers: admin, query: "?archived=true" })).body.items as { id: string }[];
    expect(all.map((p) => p.id)).toContain(id);
    for (const p of all) checks.push(["GET /api/admin/plans", ANSWER_SCHEMAS.planWithUsage, p]);
    for (const [where, schema, value] of checks) expect(schema.safeParse(value).error, where).toBeUndefined();
  });

  it("serial batches, their codes, a search, revocations, orders and finance statistics", async () => {
    const { db } = await testDb();
    const admin = await authHeaders(await createUser(db, { role: "admin" }));
    const buyer = await createUser(db);
    const customer = await authHeaders(buyer);
    const plan = await makePlan(db, await insertUser(db, { role: "admin" }));
    const redeemBy = new Date(Date.now() + 86_400_000).toISOString();
    const made = await invoke(route("/api/finance/generate_serial"), "POST", { headers: admin, body: { planId: plan.id, count: 3, channel: "shop", note: "openapi", redeemBy } });
    expect(made.status, made.text).toBe(201);
    const batchId = made.body.data.batch.id as string;
    const codes = made.body.data.codes as string[];
    const redeemed = await invoke(route("/api/serial/activate"), "POST", { headers: customer, body: { code: codes[0] } });
    expect(redeemed.status, redeemed.text).toBe(201);
    const checks: [string, z.ZodType, unknown][] = [["POST /api/finance/generate_serial", ANSWER_SCHEMAS.generatedBatch, made.body.data]];

    const listed = await invoke(route("/api/admin/serials/[id]/codes"), "GET", { headers: admin, params: { id: batchId } });
    const rows = listed.body.items as { id: number; masked: string; status: string }[];
    expect(rows.map((c) => c.status).sort()).toEqual(["redeemed", "unused", "unused"]);
    // Masked: no list answer carries a code in full.
    expect(JSON.stringify(listed.body)).not.toContain(codes[1].slice(0, 5));
    const revoked = await invoke(route("/api/admin/serials/[id]/codes/[codeId]/revoke"), "POST", {
      headers: admin,
      params: { id: batchId, codeId: String(rows.find((c) => c.status === "unused")!.id) },
    });
    expect(revoked.status, revoked.text).toBe(200);
    checks.push(["POST /api/admin/serials/[id]/codes/[codeId]/revoke", ANSWER_SCHEMAS.revokedCode, revoked.body.data]);
    const rest = await invoke(route("/api/admin/serials/[id]/revoke_unused"), "POST", { headers: admin, params: { id: batchId } });
    expect(rest.body.data).toEqual({ revoked: 1 });
    checks.push(["POST /api/admin/serials/[id]/revoke_unused", ANSWER_SCHEMAS.revokedCount, rest.body.data]);
    // After the revocations: one code of each status, with a redeemer and a revocation time to check.
    for (const c of (await invoke(route("/api/admin/serials/[id]/codes"), "GET", { headers: admin, params: { id: batchId } })).body.items as unknown[]) {
      checks.push(["GET /api/admin/serials/[id]/codes", ANSWER_SCHEMAS.batchCode, c]);
    }
    const found = await invoke(route("/api/admin/serials/search"), "GET", { headers: admin, query: `?q=${encodeURIComponent(codes[0])}` });
    expect(found.body.items).toHaveLength(1);
    expect(found.body.items[0].orderId).toBe(redeemed.body.data.orderId);
    checks.push(["GET /api/admin/serials/search", ANSWER_SCHEMAS.serialSearchHit, found.body.items[0]]);
    const one = await invoke(route("/api/admin/serials/[id]"), "GET", { headers: admin, params: { id: batchId } });
    expect(one.body.data.counts).toEqual({ unused: 0, redeemed: 1, revoked: 2 });
    checks.push(["GET /api/admin/serials/[id]", ANSWER_SCHEMAS.serialBatch, one.body.data]);
    for (const b of (await invoke(route("/api/admin/serials"), "GET", { headers: admin })).body.items as unknown[]) {
      checks.push(["GET /api/admin/serials", ANSWER_SCHEMAS.serialBatch, b]);
    }

    const own = await invoke(route("/api/finance/orders/[id]"), "GET", { headers: customer, params: { id: buyer.id } });
    expect(own.body.items).toHaveLength(1);
    checks.push(["GET /api/finance/orders/[id]", ANSWER_SCHEMAS.userOrder, own.body.items[0]]);
    const all = await invoke(route("/api/admin/orders"), "GET", { headers: admin, query: `?userId=${buyer.id}` });
    expect(all.body.items).toHaveLength(1);
    checks.push(["GET /api/admin/orders", ANSWER_SCHEMAS.adminOrder, all.body.items[0]]);
    for (const groupBy of ["day", "month"]) {
      const stats = await invoke(route("/api/finance/statistics"), "GET", { headers: admin, query: `?groupBy=${groupBy}` });
      expect(stats.status, stats.text).toBe(200);
      expect(stats.body.data.totals.length, groupBy).toBeGreaterThan(0);
      checks.push([`GET /api/finance/statistics?groupBy=${groupBy}`, ANSWER_SCHEMAS.financeStatistics, stats.body.data]);
    }
    for (const [where, schema, value] of checks) expect(schema.safeParse(value).error, where).toBeUndefined();
  });

  it("servers: each Docker connection kind, domain naming, status with relays, trends, regions, connection tests, reconciliation", async () => {
    const { db } = await testDb();
    const admin = await authHeaders(await createUser(db, { role: "admin" }));
    const pki = await testPki();
    const ssh = sshKeyPair();
    const made = await invoke(route("/api/admin/regions"), "POST", { headers: admin, body: { code: `os${Date.now().toString(36)}`, nameEn: "Servers", nameZh: "服务器" } });
    expect(made.status, made.text).toBe(201);
    const code = made.body.data.code as string;
    // Nothing answers on the fake socket and the TLS and SSH hosts are documentation addresses: none is reached.
    const bodies = [
      await serverBody(code),
      await serverBody(code, {
        enabled: false,
        derpNaming: "domain",
        derpDomain: WILDCARD_DOMAIN,
        wildcardCertPem: pki.wildcard.certPem,
        wildcardKeyPem: pki.wildcard.keyPem,
        docker: { kind: "tls", host: "docker.example.net", port: 2376, ca: pki.ca.certPem, cert: pki.client.certPem, key: pki.client.keyPem },
      }),
      await serverBody(code, {
        enabled: false,
        publicIpv6: null,
        relayCpuLimit: null,
        relayMemoryLimitBytes: null,
        docker: { kind: "ssh", host: "203.0.113.10", port: 22, username: "deploy", privateKey: ssh.privateKey, hostKeySha256: `SHA256:${"A".repeat(43)}` },
      }),
    ];
    const checks: [string, z.ZodType, unknown][] = [];
    const ids: string[] = [];
    for (const body of bodies) {
      const res = await invoke(route("/api/add_server"), "POST", { headers: admin, body });
      expect(res.status, res.text).toBe(201);
      ids.push(res.body.data.id);
      checks.push([`POST /api/add_server (${(body.docker as { kind: string }).kind})`, ANSWER_SCHEMAS.server, res.body.data]);
    }
    // Secrets are sealed: no answer carries a private key.
    const secrets = [pki.client.keyPem, pki.wildcard.keyPem, ssh.privateKey].map(pemBody);
    const patched = await invoke(route("/api/server/[id]"), "PATCH", { headers: admin, params: { id: ids[0] }, body: { draining: true, capacity: 8 } });
    expect(patched.status, patched.text).toBe(200);
    checks.push(["PATCH /api/server/[id]", ANSWER_SCHEMAS.server, patched.body.data]);
    const one = await invoke(route("/api/server/[id]"), "GET", { headers: admin, params: { id: ids[1] } });
    expect(one.body.data.wildcardCertificate).not.toBeNull();
    checks.push(["GET /api/server/[id]", ANSWER_SCHEMAS.server, one.body.data]);
    const listed = await invoke(route("/api/server/list"), "GET", { headers: admin, query: `?region=${code}` });
    expect(listed.body.items).toHaveLength(3);
    for (const s of listed.body.items as unknown[]) checks.push(["GET /api/server/list", ANSWER_SCHEMAS.server, s]);
    for (const text of [JSON.stringify(listed.body), one.text]) for (const secret of secrets) expect(text).not.toContain(secret.slice(0, 40));

    // A server with a relay row, for the status's relays.
    const { relayId } = await makeAdmissionRelay(db);
    const [{ serverId }] = await db.select({ serverId: relays.serverId }).from(relays).where(eq(relays.id, relayId));
    const status = await invoke(route("/api/server/status/[id]"), "GET", { headers: admin, params: { id: serverId } });
    expect(status.body.data.relays).toHaveLength(1);
    checks.push(["GET /api/server/status/[id]", ANSWER_SCHEMAS.serverStatusView, status.body.data]);
    for (const range of ["1h", "30d"]) {
      const trends = await invoke(route("/api/server/[id]/latency"), "GET", { headers: admin, params: { id: serverId }, query: `?range=${range}` });
      expect(trends.status, trends.text).toBe(200);
      checks.push([`GET /api/server/[id]/latency?range=${range}`, ANSWER_SCHEMAS.serverTrends, trends.body.data]);
    }
    const regionsNow = (await invoke(route("/api/server/regions"), "GET", { headers: admin })).body.items as { region: { code: string } }[];
    expect(regionsNow.map((r) => r.region.code)).toContain(code);
    for (const r of regionsNow) checks.push(["GET /api/server/regions", ANSWER_SCHEMAS.regionSummary, r]);

    // The test asks the engine for facts only: nothing answers on the fake socket; the local engine does.
    const failed = await invoke(route("/api/server/[id]/test_connection"), "POST", { headers: admin, params: { id: ids[0] } });
    expect(failed.body.data.ok, failed.text).toBe(false);
    checks.push(["POST /api/server/[id]/test_connection (failed)", ANSWER_SCHEMAS.connectionTest, failed.body.data]);
    const local = await makeServer(db);
    const answered = await invoke(route("/api/server/[id]/test_connection"), "POST", { headers: admin, params: { id: local.id } });
    expect(answered.body.data.ok, answered.text).toBe(true);
    checks.push(["POST /api/server/[id]/test_connection (answered)", ANSWER_SCHEMAS.connectionTest, answered.body.data]);
    // Recorded on the server: its host facts and status are in its view now.
    const recorded = await invoke(route("/api/server/[id]"), "GET", { headers: admin, params: { id: local.id } });
    expect(recorded.body.data.hostInfo).not.toBeNull();
    checks.push(["GET /api/server/[id] (checked)", ANSWER_SCHEMAS.server, recorded.body.data]);
    // Reconciliation of one server: nothing answers on the fake socket (its error is said), the local engine
    // is, and has no container of that server to act on.
    for (const [id, reachable] of [[ids[0], false], [local.id, true]] as const) {
      const report = await invoke(route("/api/container/reconcile"), "POST", { headers: admin, body: { serverId: id } });
      expect(report.status, report.text).toBe(200);
      expect(report.body.data.servers.map((s: { reachable: boolean }) => s.reachable), report.text).toEqual([reachable]);
      checks.push([`POST /api/container/reconcile (reachable: ${reachable})`, ANSWER_SCHEMAS.reconcileReport, report.body.data]);
    }
    for (const [where, schema, value] of checks) expect(schema.safeParse(value).error, where).toBeUndefined();
  });

  it("users as admins see them: the list, one user, a role and a status change, notes", async () => {
    const { db } = await testDb();
    const admin = await authHeaders(await createUser(db, { role: "admin" }));
    const user = await createUser(db);
    const id = user.id;
    const checks: [string, z.ZodType, unknown][] = [];
    const role = await invoke(route("/api/admin/users/[id]/role"), "POST", { headers: admin, params: { id }, body: { role: "admin" } });
    expect(role.status, role.text).toBe(200);
    checks.push(["POST /api/admin/users/[id]/role", ANSWER_SCHEMAS.profile, role.body.data]);
    const status = await invoke(route("/api/admin/users/[id]/status"), "POST", { headers: admin, params: { id }, body: { status: "disabled" } });
    expect(status.body.data.status, status.text).toBe("disabled");
    checks.push(["POST /api/admin/users/[id]/status", ANSWER_SCHEMAS.profile, status.body.data]);
    checks.push(["GET /api/admin/users/[id]", ANSWER_SCHEMAS.profile, (await invoke(route("/api/admin/users/[id]"), "GET", { headers: admin, params: { id } })).body.data]);
    const users = (await invoke(route("/api/admin/users"), "GET", { headers: admin })).body.items as { id: string }[];
    expect(users.map((u) => u.id)).toContain(id);
    for (const u of users) checks.push(["GET /api/admin/users", ANSWER_SCHEMAS.profile, u]);
    const note = await invoke(route("/api/admin/users/[id]/notes"), "POST", { headers: admin, params: { id }, body: { body: "called about the invoice" } });
    expect(note.status, note.text).toBe(201);
    checks.push(["POST /api/admin/users/[id]/notes", ANSWER_SCHEMAS.userNote, note.body.data]);
    const notes = (await invoke(route("/api/admin/users/[id]/notes"), "GET", { headers: admin, params: { id } })).body.items as unknown[];
    expect(notes).toHaveLength(1);
    checks.push(["GET /api/admin/users/[id]/notes", ANSWER_SCHEMAS.userNote, notes[0]]);
    for (const [where, schema, value] of checks) expect(schema.safeParse(value).error, where).toBeUndefined();
  });

  it("the audit and system logs", async () => {
    const { db } = await testDb();
    const admin = await authHeaders(await createUser(db, { role: "admin" }));
    // An audited admin action with the caller's address and browser, and a system entry with context.
    const made = await invoke(route("/api/admin/regions"), "POST", {
      headers: { ...admin, "x-forwarded-for": "198.51.100.4", "user-agent": "openapi-test" },
      body: { code: `lg${Date.now().toString(36)}`, nameEn: "Logs", nameZh: "日志" },
    });
    expect(made.status, made.text).toBe(201);
    await writeSystemLog(db, { level: "warn", source: "openapi", message: "a test entry", context: { relayId: made.body.data.id, n: 1 } });
    const checks: [string, z.ZodType, unknown][] = [];
    for (const [path, schema] of [
      ["/api/logs/audit", ANSWER_SCHEMAS.auditEntry],
      ["/api/logs/system", ANSWER_SCHEMAS.systemLogEntry],
    ] as const) {
      const res = await invoke(route(path), "GET", { headers: admin });
      expect(res.status, res.text).toBe(200);
      expect(res.body.items.length, path).toBeGreaterThan(0);
      for (const entry of res.body.items as unknown[]) checks.push([`GET ${path}`, schema, entry]);
    }
    for (const [where, schema, value] of checks) expect(schema.safeParse(value).error, where).toBeUndefined();
  });

  it("a user's history, two-factor enrolment and the development outbox", async () => {
    const { db } = await testDb();
    const user = await createUser(db);
    const headers = await authHeaders(user);
    const admin = await authHeaders(await createUser(db, { role: "admin" }));
    const checks: [string, z.ZodType, unknown][] = [];
    const started = await invoke(route("/api/user/totp/enrol"), "POST", { headers, body: {} });
    expect(started.status, started.text).toBe(201);
    checks.push(["POST /api/user/totp/enrol", ANSWER_SCHEMAS.totpEnrolment, started.body.data]);
    const code = totp(base32Decode(started.body.data.secret), new Date());
    const confirmed = await invoke(route("/api/user/totp/confirm"), "POST", { headers, body: { totp: code } });
    expect(confirmed.status, confirmed.text).toBe(200);
    checks.push(["POST /api/user/totp/confirm", ANSWER_SCHEMAS.recoveryCodes, confirmed.body.data]);
    // A redemption writes history entries, read by the user and by an admin.
    const { codes } = await makeCodes(db, await insertUser(db, { role: "admin" }), await makePlan(db, await insertUser(db, { role: "admin" })), 1);
    expect((await invoke(route("/api/serial/activate"), "POST", { headers, body: { code: codes[0] } })).status).toBe(201);
    for (const who of [headers, admin]) {
      const res = await invoke(route("/api/user/history/[user_id]"), "GET", { headers: who, params: { user_id: user.id } });
      expect(res.status, res.text).toBe(200);
      expect(res.body.items.length).toBeGreaterThan(0);
      for (const e of res.body.items as unknown[]) checks.push(["GET /api/user/history/[user_id]", ANSWER_SCHEMAS.historyEntry, e]);
    }
    // No mail provider in tests: a reset mail is kept in the outbox.
    expect((await invoke(route("/api/user/password/forgot"), "POST", { body: { email: user.email } })).status).toBe(202);
    const outbox = await invoke(route("/api/admin/mail"), "GET", { headers: admin, query: `?to=${encodeURIComponent(user.email)}` });
    expect(outbox.body.items.length, outbox.text).toBeGreaterThan(0);
    for (const m of outbox.body.items as unknown[]) checks.push(["GET /api/admin/mail", ANSWER_SCHEMAS.outboxMail, m]);
    for (const [where, schema, value] of checks) expect(schema.safeParse(value).error, where).toBeUndefined();
  });

  it("a control-server account: connected, its nodes, an import, a sync, sync turned off", async () => {
    const { db } = await testDb();
    const user = await createUser(db);
    const headers = await authHeaders(user);
    await makeAdmissionRelay(db, { userId: user.id, deviceLimit: 5 });
    // Tailscale's devices API, faked locally (tests cannot hold an account); the token never leaves this machine.
    const token = `tskey-api-${crypto.randomUUID()}`;
    const keys = [randomNodeKey(), randomNodeKey()];
    const ts = await startFakeTailscale({ token, tailnet: "example.com", devices: [{ nodeId: "nA1", name: "laptop", nodeKey: keys[0] }, { nodeId: "nB2", name: "phone", nodeKey: keys[1] }] });
    try {
      const checks: [string, z.ZodType, unknown][] = [];
      const made = await invoke(route("/api/devices/control-accounts"), "POST", { headers, body: { kind: "tailscale", baseUrl: ts.baseUrl, tailnet: "example.com", apiKey: token } });
      expect(made.status, made.text).toBe(201);
      const id = made.body.data.id as string;
      checks.push(["POST /api/devices/control-accounts", ANSWER_SCHEMAS.controlAccount, made.body.data]);
      const nodes = (await invoke(route("/api/devices/control-accounts/[id]/nodes"), "GET", { headers, params: { id } })).body.items as { externalId: string }[];
      expect(nodes).toHaveLength(2);
      for (const n of nodes) checks.push(["GET /api/devices/control-accounts/[id]/nodes", ANSWER_SCHEMAS.controlNode, n]);
      const imported = await invoke(route("/api/devices/control-accounts/[id]/import"), "POST", { headers, params: { id }, body: { nodeIds: [nodes[0].externalId, "nZ9"] } });
      expect(imported.status, imported.text).toBe(200);
      expect([imported.body.data.imported.length, imported.body.data.skipped.length]).toEqual([1, 1]);
      checks.push(["POST /api/devices/control-accounts/[id]/import", ANSWER_SCHEMAS.controlImport, imported.body.data]);
      const synced = await invoke(route("/api/devices/control-accounts/[id]/sync"), "POST", { headers, params: { id } });
      expect(synced.status, synced.text).toBe(200);
      checks.push(["POST /api/devices/control-accounts/[id]/sync", ANSWER_SCHEMAS.controlSync, synced.body.data]);
      const off = await invoke(route("/api/devices/control-accounts/[id]"), "PATCH", { headers, params: { id }, body: { syncEnabled: false } });
      expect(off.body.data.syncEnabled, off.text).toBe(false);
      checks.push(["PATCH /api/devices/control-accounts/[id]", ANSWER_SCHEMAS.controlAccount, off.body.data]);
      const listed = await invoke(route("/api/devices/control-accounts"), "GET", { headers });
      expect(listed.body.items).toHaveLength(1);
      checks.push(["GET /api/devices/control-accounts", ANSWER_SCHEMAS.controlAccount, listed.body.items[0]]);
      // Never the credential.
      for (const text of [made.text, listed.text, off.text]) expect(text).not.toContain(token);
      for (const [where, schema, value] of checks) expect(schema.safeParse(value).error, where).toBeUndefined();
    } finally {
      await ts.close();
    }
  });

  it("a redeemed serial code: a new rental, then the same plan extended", async () => {
    const { db } = await testDb();
    const headers = await authHeaders(await createUser(db));
    const admin = await insertUser(db, { role: "admin" });
    const { codes } = await makeCodes(db, admin, await makePlan(db, admin), 2);
    for (const [code, extended] of [[codes[0], false], [codes[1], true]] as const) {
      const res = await invoke(route("/api/serial/activate"), "POST", { headers, body: { code } });
      expect(res.status, res.text).toBe(201);
      expect(res.body.data.extended).toBe(extended);
      expect(ANSWER_SCHEMAS.redemption.safeParse(res.body.data).error).toBeUndefined();
    }
  });
});
