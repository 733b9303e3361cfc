import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { controlAccounts, devices } from "@/db/schema";
import { syncAccount } from "@/lib/devices/control-servers/sync";
import { makeAdmissionRelay } from "../helpers/admission";
import { authHeaders, createUser } from "../helpers/auth";
import { testDb } from "../helpers/db";
import { headscaleBinary, startHeadscale, type Headscale } from "../helpers/headscale";
import { invoke, loadRouteModules, type RouteModule } from "../helpers/routes";

/**
 * Importing devices from a real headscale (built from source by scripts/ci/tailnet-tools.sh): its REST API as
 * it really answers, a real API key, nodes registered through its CLI, a wrong key refused, and sync after a
 * node is deleted there. Skipped only when no headscale program exists on this machine.
 */
const bin = headscaleBinary();
const ACCOUNTS = "/api/devices/control-accounts";

describe.skipIf(!bin)("headscale import (real headscale)", () => {
  let db: Db;
  let modules: RouteModule[];
  let hs: Headscale;
  const route = (r: string) => modules.find((m) => m.route === r)!;

  beforeAll(async () => {
    db = (await testDb()).db;
    modules = await loadRouteModules();
    hs = await startHeadscale(bin!);
  });
  afterAll(async () => {
    await hs?.stop();
  });

  it("connects with an API key, lists the nodes with their real node keys, imports them, and sync removes a node deleted in headscale", async () => {
    const user = await createUser(db, { passwordHash: "x" });
    await makeAdmissionRelay(db, { userId: user.id, deviceLimit: 5 });
    const headers = await authHeaders(user);
    await hs.createUser("alice");
    const laptop = await hs.createNode("alice", "laptop");
    const phone = await hs.createNode("alice", "phone");
    expect(laptop.nodeKey).toMatch(/^nodekey:[0-9a-f]{64}$/);
    const apiKey = await hs.createApiKey();

    const wrong = await invoke(route(ACCOUNTS), "POST", { headers, body: { kind: "headscale", baseUrl: hs.baseUrl, apiKey: `${apiKey}x` } });
    expect([wrong.status, wrong.body.error.code]).toEqual([400, "control_auth_failed"]);
    expect(await db.select().from(controlAccounts).where(eq(controlAccounts.userId, user.id))).toHaveLength(0);

    const made = await invoke(route(ACCOUNTS), "POST", { headers, body: { kind: "headscale", baseUrl: `${hs.baseUrl}/`, apiKey } });
    expect(made.status, made.text).toBe(201);
    expect(made.text).not.toContain(apiKey);
    const id = made.body.data.id as string;

    const nodes = await invoke(route(`${ACCOUNTS}/[id]/nodes`), "GET", { headers, params: { id } });
    expect(nodes.status, nodes.text).toBe(200);
    expect(nodes.body.items).toEqual([
      { externalId: laptop.id, name: laptop.name, nodeKey: laptop.nodeKey, registered: false },
      { externalId: phone.id, name: phone.name, nodeKey: phone.nodeKey, registered: false },
    ]);

    const imported = await invoke(route(`${ACCOUNTS}/[id]/import`), "POST", { headers, params: { id }, body: { nodeIds: [laptop.id, phone.id] } });
    expect(imported.body.data.imported.map((d: { nodeKey: string }) => d.nodeKey).sort()).toEqual([laptop.nodeKey, phone.nodeKey].sort());

    await hs.deleteNode(phone.id);
    const tablet = await hs.createNode("alice", "tablet");
    const [account] = await db.select().from(controlAccounts).where(eq(controlAccounts.id, id));
    expect(await syncAccount(db, account)).toEqual({ added: 1, removed: 1, rekeyed: 0, error: null });
    const rows = await db.select().from(devices).where(and(eq(devices.userId, user.id), eq(devices.controlAccountId, id)));
    expect(rows.map((d) => [d.externalId, d.nodeKey]).sort()).toEqual(
      [
        [laptop.id, laptop.nodeKey],
        [tablet.id, tablet.nodeKey],
      ].sort(),
    );
  });
});
