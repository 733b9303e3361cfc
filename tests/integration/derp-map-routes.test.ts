import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as downloadRoute from "@/app/api/acl/download/[username]/route";
import * as generateRoute from "@/app/api/acl/generate/route";
import * as logsRoute from "@/app/api/acl/logs/[user_id]/route";
import * as updateRoute from "@/app/api/acl/update/route";
import type { Db } from "@/db/client";
import { derpMapAccessLog, derpMapVersions } from "@/db/schema";
import { setRelayState } from "@/lib/containers/relay-state";
import { authHeaders, bearerHeaders, call, createUser, jsonRequest, type TestUser } from "../helpers/auth";
import { testDb } from "../helpers/db";
import { insertMapRelay } from "../helpers/derp-map";
import { makeOfflineServer } from "../helpers/fleet";
import { makeRental } from "../helpers/rentals";

/**
 * The four routes of product.md section 5, for the owner (session and API token), an admin, and another
 * customer, who is refused and changes nothing: no version made, no log row written, none of the map shown.
 */

let db: Db;
let admin: TestUser;
let alice: TestUser;
let bob: TestUser;
const XFF = { "x-forwarded-for": "8.8.8.8", "user-agent": "vitest" };

beforeAll(async () => {
  db = (await testDb()).db;
  [admin, alice, bob] = await Promise.all([createUser(db, { role: "admin" }), createUser(db), createUser(db)]);
  const s = await makeOfflineServer(db, { publicIpv4: "203.0.113.61" });
  const { rental } = await makeRental(db, { regionId: s.regionId, userId: bob.id, status: "active", derpRegionId: 900 });
  await setRelayState(db, await insertMapRelay(db, s, rental.id), "running", { reason: "allocation" });
});

const versionsOf = (userId: string) => db.select().from(derpMapVersions).where(eq(derpMapVersions.userId, userId));
const logOf = (userId: string) => db.select().from(derpMapAccessLog).where(eq(derpMapAccessLog.userId, userId)).orderBy(derpMapAccessLog.id);

describe("POST /api/acl/generate and /api/acl/update", () => {
  it("give the owner their map in every format, logged as a generation with address and country", async () => {
    const a = await call(generateRoute.POST, jsonRequest("/api/acl/generate", { body: {}, headers: await authHeaders(bob, XFF) }));
    expect(a.status).toBe(200);
    expect(a.body.data.map.Regions["900"].Nodes[0].IPv4).toBe("203.0.113.61");
    expect(Object.keys(a.body.data.formats).sort()).toEqual(["headscale", "json", "tailscale"]);
    expect(a.body.data.formats.tailscale).toContain('"derpMap": {');
    const version = a.body.data.version;

    const u = await call(updateRoute.POST, jsonRequest("/api/acl/update", { body: {}, headers: { ...(await bearerHeaders(db, bob)), ...XFF } }));
    expect(u.status).toBe(200);
    expect(u.body.data.version).toBe(version); // nothing changed
    const log = await logOf(bob.id);
    expect(log.map((r) => [r.action, r.channel, r.ip, r.country])).toEqual([
      ["generate", "portal", "8.8.8.8", "US"],
      ["generate", "api", "8.8.8.8", "US"],
    ]);
  });

  it("let an admin act for anyone, and refuse another customer without changing anything", async () => {
    const before = { versions: (await versionsOf(bob.id)).length, log: (await logOf(bob.id)).length };
    for (const route of [generateRoute, updateRoute]) {
      const refused = await call(route.POST, jsonRequest("/api/acl/x", { body: { userId: bob.id }, headers: await authHeaders(alice, XFF) }));
      expect(refused.status).toBe(403);
      expect(JSON.stringify(refused.body)).not.toContain("203.0.113.61");
    }
    expect((await versionsOf(bob.id)).length).toBe(before.versions);
    expect((await logOf(bob.id)).length).toBe(before.log);
    const asAdmin = await call(updateRoute.POST, jsonRequest("/api/acl/update", { body: { userId: bob.id }, headers: await authHeaders(admin, XFF) }));
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.data.userId).toBe(bob.id);
  });
});

describe("GET /api/acl/download/<username>", () => {
  const download = async (username: string, headers: Record<string, string>, format = "json") =>
    downloadRoute.GET(jsonRequest(`/api/acl/download/${encodeURIComponent(username)}?format=${format}`, { headers }), { params: Promise.resolve({ username }) });

  it("serves the owner's map by email (any case) or id, with a session or an API token, and logs it", async () => {
    const bySession = await download(bob.email.toUpperCase(), await authHeaders(bob, XFF), "headscale");
    expect(bySession.status).toBe(200);
    expect(bySession.headers.get("content-disposition")).toBe('attachment; filename="derp-map.yaml"');
    expect(await bySession.text()).toContain("ipv4: 203.0.113.61");
    const byToken = await download(bob.id, { ...(await bearerHeaders(db, bob)), ...XFF });
    expect(JSON.parse(await byToken.text()).Regions["900"]).toBeDefined();
    const log = (await logOf(bob.id)).filter((r) => r.action === "download");
    expect(log.map((r) => [r.format, r.channel, r.country])).toEqual([
      ["headscale", "portal", "US"],
      ["json", "api", "US"],
    ]);
  });

  it("lets an admin download anyone's; refuses another customer (403 whether or not the name exists) and unknown formats", async () => {
    expect((await download(bob.email, await authHeaders(admin, XFF))).status).toBe(200);
    expect((await download("nobody@example.com", await authHeaders(admin, XFF))).status).toBe(404);
    const before = (await logOf(bob.id)).length;
    for (const name of [bob.email, bob.id, "nobody@example.com"]) {
      const refused = await download(name, await authHeaders(alice, XFF));
      expect(refused.status).toBe(403);
      expect(await refused.text()).not.toContain("203.0.113.61");
    }
    expect((await logOf(bob.id)).length).toBe(before);
    const bad = await download(bob.email, await authHeaders(bob, XFF), "yaml");
    expect(bad.status).toBe(400);
    expect((await logOf(bob.id)).length).toBe(before);
  });
});

describe("GET /api/acl/logs/<user_id>", () => {
  const logs = async (userId: string, headers: Record<string, string>, query = "") =>
    call(logsRoute.GET, jsonRequest(`/api/acl/logs/${userId}${query}`, { headers }), { user_id: userId });

  it("lists the owner's log newest first, pages and filters; refuses another customer", async () => {
    const all = await logs(bob.id, await authHeaders(bob));
    expect(all.status).toBe(200);
    const ids = all.body.items.map((r: { id: number }) => r.id);
    expect(ids).toEqual([...ids].sort((x: number, y: number) => y - x));
    expect(all.body.items[0]).toMatchObject({ ip: "8.8.8.8", country: "US", version: expect.any(Number) });

    const first = await logs(bob.id, await authHeaders(bob), "?limit=1");
    expect(first.body.items).toHaveLength(1);
    const second = await logs(bob.id, await authHeaders(bob), `?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].id).toBeLessThan(first.body.items[0].id);

    const api = await logs(bob.id, await authHeaders(bob), "?channel=api&format=json&country=us");
    expect(api.body.items.length).toBeGreaterThan(0);
    for (const r of api.body.items) expect(r).toMatchObject({ channel: "api", format: "json", country: "US" });
    expect((await logs(bob.id, await authHeaders(bob), "?country=AU")).body.items).toEqual([]);
    expect((await logs(bob.id, await authHeaders(bob), "?channel=fax")).status).toBe(400);

    const refused = await logs(bob.id, await authHeaders(alice));
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).not.toContain("8.8.8.8");
    expect((await logs(bob.id, await authHeaders(admin))).status).toBe(200);
  });
});
