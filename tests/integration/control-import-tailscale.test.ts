import { and, eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLog, controlAccounts, devices } from "@/db/schema";
import { makeAdmissionRelay, randomNodeKey } from "../helpers/admission";
import { authHeaders, createUser, type TestUser } from "../helpers/auth";
import { testDb } from "../helpers/db";
import { startFakeTailscale, startFixedServer, type FakeTailscale } from "../helpers/fake-tailscale";
import { invoke, loadRouteModules, type RouteModule } from "../helpers/routes";
import { controlSync } from "@/worker/jobs/control-sync";

/**
 * Importing devices from a Tailscale account, through the REST routes, against a local fake of Tailscale's
 * devices API (tests cannot hold a real Tailscale account; the fake answers the documented shape): connect
 * (credential sealed, checked first), node list, import within the device limit, sync (add, remove, re-key;
 * only the account's own devices), bad URLs and tokens that store nothing, and the admission decision.
 */

let db: Db;
let modules: RouteModule[];
const route = (r: string) => modules.find((m) => m.route === r)!;
const ACCOUNTS = "/api/devices/control-accounts";
const fakes: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  db = (await testDb()).db;
  modules = await loadRouteModules();
});
afterAll(async () => {
  await Promise.all(fakes.map((f) => f.close()));
});

async function customer(deviceLimit = 5): Promise<{ user: TestUser; headers: Record<string, string>; secret: string }> {
  const user = await createUser(db, { passwordHash: "x" });
  const { secret } = await makeAdmissionRelay(db, { userId: user.id, deviceLimit });
  return { user, headers: await authHeaders(user), secret };
}

async function fake(devices: { nodeId: string; name: string; nodeKey: string }[] = []): Promise<FakeTailscale & { token: string }> {
  const token = `tskey-api-${crypto.randomUUID()}`;
  const f = await startFakeTailscale({ token, tailnet: "example.com", devices });
  fakes.push(f);
  return Object.assign(f, { token });
}

const connect = (headers: Record<string, string>, body: unknown) => invoke(route(ACCOUNTS), "POST", { headers, body });
const accountsOf = async (userId: string) => db.select().from(controlAccounts).where(eq(controlAccounts.userId, userId));

async function admitted(secret: string, key: string): Promise<unknown> {
  const m = route("/api/derp/admission/[secret]");
  const req = new NextRequest(`http://localhost:3000/api/derp/admission/${secret}`, { method: "POST", body: JSON.stringify({ NodePublic: key, Source: "198.51.100.9" }) });
  const res = await m.handlers.POST!(req, { params: Promise.resolve({ secret }) });
  return ((await res.json()) as { Allow: unknown }).Allow;
}

describe("Tailscale import", () => {
  it("connects with the token sealed to the row, lists nodes with registered ones marked, imports the chosen ones, and admission allows them", async () => {
    const { user, headers, secret } = await customer();
    const [k1, k2, k3] = [randomNodeKey(), randomNodeKey(), randomNodeKey()];
    const ts = await fake([
      { nodeId: "nA1", name: "laptop", nodeKey: k1 },
      { nodeId: "nB2", name: "phone", nodeKey: k2 },
      { nodeId: "nC3", name: "server", nodeKey: k3 },
    ]);
    // One of the nodes is already a device, added by hand.
    expect((await invoke(route("/api/devices"), "POST", { headers, body: { name: "my server", nodeKey: k3 } })).status).toBe(201);

    const made = await connect(headers, { kind: "tailscale", baseUrl: ts.baseUrl, tailnet: "example.com", apiKey: ts.token });
    expect(made.status).toBe(201);
    expect(made.body.data).toMatchObject({ kind: "tailscale", baseUrl: ts.baseUrl, tailnet: "example.com", syncEnabled: false, lastError: null });
    expect(made.text).not.toContain(ts.token);
    const id = made.body.data.id as string;
    const [row] = await accountsOf(user.id);
    expect(row.id).toBe(id);
    expect(row.credentialSealed.includes(Buffer.from(ts.token))).toBe(false);
    const listed = await invoke(route(ACCOUNTS), "GET", { headers });
    expect(listed.body.items.map((a: { id: string }) => a.id)).toEqual([id]);
    expect(listed.text).not.toContain(ts.token);

    const nodes = await invoke(route(`${ACCOUNTS}/[id]/nodes`), "GET", { headers, params: { id } });
    expect(nodes.status).toBe(200);
    expect(nodes.body.items).toEqual([
      { externalId: "nA1", name: "laptop", nodeKey: k1, registered: false },
      { externalId: "nB2", name: "phone", nodeKey: k2, registered: false },
      { externalId: "nC3", name: "server", nodeKey: k3, registered: true },
    ]);
    expect(ts.requests.every((r) => r.authorization === `Bearer ${ts.token}`)).toBe(true);

    expect(await admitted(secret, k1)).toBe(false);
    const imported = await invoke(route(`${ACCOUNTS}/[id]/import`), "POST", { headers, params: { id }, body: { nodeIds: ["nA1", "nC3", "nope"] } });
    expect(imported.status).toBe(200);
    expect(imported.body.data.imported).toEqual([{ id: expect.any(String), name: "laptop", nodeKey: k1, externalId: "nA1" }]);
    expect(imported.body.data.skipped).toEqual([
      { externalId: "nC3", reason: "registered" },
      { externalId: "nope", reason: "unknown_node" },
    ]);
    const [dev] = await db.select().from(devices).where(and(eq(devices.userId, user.id), eq(devices.nodeKey, k1)));
    expect(dev).toMatchObject({ source: "import", controlAccountId: id, externalId: "nA1" });
    // The admission cache was told: the imported key connects at once.
    expect(await admitted(secret, k1)).toBe(true);
    // The sealed token is bound to its row: copied to another account it does not open (clear 400, no request).
    const [copy] = await db
      .insert(controlAccounts)
      .values({ userId: user.id, kind: "tailscale", baseUrl: ts.baseUrl, tailnet: "example.com", credentialSealed: row.credentialSealed })
      .returning();
    const sent = ts.requests.length;
    const copied = await invoke(route(`${ACCOUNTS}/[id]/nodes`), "GET", { headers, params: { id: copy.id } });
    expect([copied.status, copied.body.error.code]).toEqual([400, "control_credential_unreadable"]);
    expect(ts.requests.length).toBe(sent);
    await db.delete(controlAccounts).where(eq(controlAccounts.id, copy.id));

    const audits = await db.select().from(auditLog).where(and(eq(auditLog.actorId, user.id), eq(auditLog.action, "control_account.connected")));
    expect(audits).toHaveLength(1);
    expect(JSON.stringify(audits[0])).not.toContain(ts.token);
  });

  it("imports none when the chosen nodes do not all fit the device limit", async () => {
    const { user, headers } = await customer(2);
    const ts = await fake([1, 2, 3].map((i) => ({ nodeId: `n${i}`, name: `node-${i}`, nodeKey: randomNodeKey() })));
    const id = (await connect(headers, { kind: "tailscale", baseUrl: ts.baseUrl, tailnet: "example.com", apiKey: ts.token })).body.data.id;
    const over = await invoke(route(`${ACCOUNTS}/[id]/import`), "POST", { headers, params: { id }, body: { nodeIds: ["n1", "n2", "n3"] } });
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe("device_limit_reached");
    expect(await db.select().from(devices).where(eq(devices.userId, user.id))).toHaveLength(0);
    const fits = await invoke(route(`${ACCOUNTS}/[id]/import`), "POST", { headers, params: { id }, body: { nodeIds: ["n1", "n2"] } });
    expect(fits.body.data.imported).toHaveLength(2);
  });

  it("refuses a bad URL, a wrong token, an unreachable or redirecting or non-API server with a clear 400, storing nothing", async () => {
    const { user, headers } = await customer();
    const ts = await fake();
    const cases: [unknown, string][] = [
      [{ kind: "tailscale", baseUrl: "ftp://127.0.0.1/", tailnet: "example.com", apiKey: ts.token }, "validation"],
      [{ kind: "headscale", baseUrl: "not a url", apiKey: "k" }, "validation"],
      [{ kind: "headscale", baseUrl: "http://user:pw@127.0.0.1:1", apiKey: "k" }, "validation"],
      [{ kind: "tailscale", baseUrl: ts.baseUrl, tailnet: "example.com", apiKey: "" }, "validation"],
      [{ kind: "gitlab", baseUrl: ts.baseUrl, apiKey: "k" }, "validation"],
      [{ kind: "tailscale", baseUrl: ts.baseUrl, tailnet: "example.com", apiKey: "tskey-api-wrong" }, "control_auth_failed"],
      [{ kind: "tailscale", baseUrl: ts.baseUrl, tailnet: "other.example", apiKey: ts.token }, "control_unreachable"],
      // Port 1 on loopback: nothing listens, the connection is refused.
      [{ kind: "headscale", baseUrl: "http://127.0.0.1:1", apiKey: "k" }, "control_unreachable"],
    ];
    for (const [body, code] of cases) {
      const a = await connect(headers, body);
      expect([a.status, a.body.error?.code], JSON.stringify(body)).toEqual([400, code]);
    }
    const html = await startFixedServer({ status: 200, headers: { "content-type": "text/html" }, body: "<html>router login</html>" });
    const wrongShape = await startFixedServer({ status: 200, body: JSON.stringify({ devices: "none" }) });
    // A redirect is not followed: the token would go to wherever it points.
    const target = await startFixedServer({ status: 200, body: JSON.stringify({ nodes: [] }) });
    const redirect = await startFixedServer({ status: 302, headers: { location: `${target.baseUrl}/api/v1/node` }, body: "" });
    fakes.push(html, wrongShape, target, redirect);
    expect((await connect(headers, { kind: "headscale", baseUrl: html.baseUrl, apiKey: "k" })).body.error.code).toBe("control_bad_response");
    const leaked = await connect(headers, { kind: "tailscale", baseUrl: wrongShape.baseUrl, apiKey: "k" });
    expect(leaked.body.error.code).toBe("control_bad_response");
    expect((await connect(headers, { kind: "headscale", baseUrl: redirect.baseUrl, apiKey: "k" })).body.error.code).toBe("control_unreachable");
    expect(target.hits).toBe(0);
    expect(await accountsOf(user.id)).toHaveLength(0);
  });

  it("syncs: new nodes added, deleted ones removed, a re-keyed node updated; hand-added devices and other accounts untouched; an outage changes nothing", async () => {
    const { user, headers, secret } = await customer(5);
    const [k1, k2, k3, kManual, kOther] = [randomNodeKey(), randomNodeKey(), randomNodeKey(), randomNodeKey(), randomNodeKey()];
    const ts = await fake([
      { nodeId: "n1", name: "one", nodeKey: k1 },
      { nodeId: "n2", name: "two", nodeKey: k2 },
    ]);
    const other = await fake([{ nodeId: "n1", name: "elsewhere", nodeKey: kOther }]);
    const id = (await connect(headers, { kind: "tailscale", baseUrl: ts.baseUrl, tailnet: "example.com", apiKey: ts.token })).body.data.id;
    const otherId = (await connect(headers, { kind: "tailscale", baseUrl: other.baseUrl, tailnet: "example.com", apiKey: other.token })).body.data.id;
    await invoke(route(`${ACCOUNTS}/[id]/import`), "POST", { headers, params: { id }, body: { nodeIds: ["n1", "n2"] } });
    await invoke(route(`${ACCOUNTS}/[id]/import`), "POST", { headers, params: { id: otherId }, body: { nodeIds: ["n1"] } });
    await invoke(route("/api/devices"), "POST", { headers, body: { name: "by hand", nodeKey: kManual } });
    const on = await invoke(route(`${ACCOUNTS}/[id]`), "PATCH", { headers, params: { id }, body: { syncEnabled: true } });
    expect(on.body.data.syncEnabled).toBe(true);

    // On the server: n2 deleted, n3 new, n1 re-keyed (a re-login), and the hand-added key appears as a node.
    const k1b = randomNodeKey();
    ts.devices = [
      { nodeId: "n1", name: "one", nodeKey: k1b },
      { nodeId: "n3", name: "three", nodeKey: k3 },
      { nodeId: "n4", name: "dup", nodeKey: kManual },
    ];
    // The worker's job: every account with sync on (here only this one; `other` has it off).
    expect(await controlSync({ db, startedAt: new Date() })).toMatchObject({ added: 1, removed: 1, rekeyed: 1, failed: 0 });
    const rows = await db.select().from(devices).where(eq(devices.userId, user.id));
    const byKey = Object.fromEntries(rows.map((d) => [d.nodeKey, [d.source, d.controlAccountId, d.externalId]]));
    expect(byKey).toEqual({
      [k1b]: ["import", id, "n1"],
      [k3]: ["import", id, "n3"],
      [kOther]: ["import", otherId, "n1"],
      [kManual]: ["manual", null, null],
    });
    expect(await admitted(secret, k2)).toBe(false);
    expect(await admitted(secret, k1)).toBe(false);
    expect(await admitted(secret, k1b)).toBe(true);
    expect(await admitted(secret, k3)).toBe(true);
    const [synced] = await db.select().from(controlAccounts).where(eq(controlAccounts.id, id));
    expect(synced.lastSyncAt).not.toBeNull();

    // The server goes away: nothing is removed, the error is kept and shown.
    await ts.close();
    const down = await invoke(route(`${ACCOUNTS}/[id]/sync`), "POST", { headers, params: { id } });
    expect(down.status, down.text).toBe(200);
    expect(down.body.data).toEqual({ added: 0, removed: 0, rekeyed: 0, error: "control_unreachable" });
    expect(await db.select().from(devices).where(eq(devices.userId, user.id))).toHaveLength(4);
    const after = await invoke(route(ACCOUNTS), "GET", { headers });
    expect(after.body.items.find((a: { id: string }) => a.id === id).lastError).toBe("control_unreachable");
  });

  it("disconnects: the account and its credential are gone, imported devices stay", async () => {
    const { user, headers } = await customer();
    const key = randomNodeKey();
    const ts = await fake([{ nodeId: "n1", name: "one", nodeKey: key }]);
    const id = (await connect(headers, { kind: "tailscale", baseUrl: ts.baseUrl, tailnet: "example.com", apiKey: ts.token })).body.data.id;
    await invoke(route(`${ACCOUNTS}/[id]/import`), "POST", { headers, params: { id }, body: { nodeIds: ["n1"] } });
    expect((await invoke(route(`${ACCOUNTS}/[id]`), "DELETE", { headers, params: { id } })).status).toBe(204);
    expect(await accountsOf(user.id)).toHaveLength(0);
    const [dev] = await db.select().from(devices).where(eq(devices.userId, user.id));
    expect(dev).toMatchObject({ nodeKey: key, source: "import", controlAccountId: null });
    expect((await invoke(route(`${ACCOUNTS}/[id]/nodes`), "GET", { headers, params: { id } })).status).toBe(404);
  });

  it("answers 404 to another customer on every account route and changes nothing of theirs", async () => {
    const bob = await customer();
    const alice = await customer();
    const ts = await fake([{ nodeId: "n1", name: "one", nodeKey: randomNodeKey() }]);
    const id = (await connect(bob.headers, { kind: "tailscale", baseUrl: ts.baseUrl, tailnet: "example.com", apiKey: ts.token })).body.data.id;
    const before = ts.requests.length;
    const attempts = [
      [`${ACCOUNTS}/[id]`, "PATCH", { syncEnabled: true }],
      [`${ACCOUNTS}/[id]`, "DELETE", undefined],
      [`${ACCOUNTS}/[id]/nodes`, "GET", undefined],
      [`${ACCOUNTS}/[id]/import`, "POST", { nodeIds: ["n1"] }],
      [`${ACCOUNTS}/[id]/sync`, "POST", undefined],
    ] as const;
    for (const [r, method, body] of attempts) {
      const a = await invoke(route(r), method, { headers: alice.headers, params: { id }, body });
      expect([a.status, a.body.error.code], `${method} ${r}`).toEqual([404, "control_account_unknown"]);
      expect(a.text).not.toContain(ts.baseUrl);
    }
    expect(ts.requests.length).toBe(before);
    const [row] = await accountsOf(bob.user.id);
    expect(row).toMatchObject({ id, syncEnabled: false, lastSyncAt: null });
    expect(await db.select().from(devices).where(eq(devices.userId, alice.user.id))).toHaveLength(0);
    const own = await invoke(route(ACCOUNTS), "GET", { headers: alice.headers });
    expect(own.body.items).toEqual([]);
  });
});
