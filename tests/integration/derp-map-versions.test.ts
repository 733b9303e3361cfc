import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { derpMapVersions, rentals, servers, users } from "@/db/schema";
import { setRelayState } from "@/lib/containers/relay-state";
import { repairDerpMaps } from "@/lib/derp-map/repair";
import type { DerpMap } from "@/lib/derp-map/types";
import { currentDerpMap, regenerateDerpMap } from "@/lib/derp-map/versions";
import { insertUser } from "../helpers/billing";
import { testDb } from "../helpers/db";
import { insertMapRelay } from "../helpers/derp-map";
import { makeOfflineServer } from "../helpers/fleet";
import { makeRental } from "../helpers/rentals";

/**
 * A customer's map follows their relays: allocation, a move to another server, a new certificate and a release
 * each make a new version through setRelayState (the one way a relay changes); a stop keeps the relay in the
 * map; an unchanged generation stores nothing; the repair job catches a change made around setRelayState.
 */

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

const versionsOf = (userId: string) => db.select().from(derpMapVersions).where(eq(derpMapVersions.userId, userId)).orderBy(derpMapVersions.version);
const mapOf = async (userId: string) => (await currentDerpMap(db, userId)).version.content as unknown as DerpMap;

describe("DERP map versions", () => {
  it("a new version on allocation, move, certificate and release; none on stop or an unchanged regeneration", async () => {
    const user = await insertUser(db);
    const a = await makeOfflineServer(db, { publicIpv4: "203.0.113.41" });
    const b = await makeOfflineServer(db, { publicIpv4: "203.0.113.42", publicIpv6: "2001:db8::42" });
    const { rental } = await makeRental(db, { regionId: a.regionId, userId: user.id, status: "active", derpRegionId: 900 });

    // Nothing yet: the first map is empty, and it never omits Tailscale's regions.
    expect(await mapOf(user.id)).toEqual({ OmitDefaultRegions: false, Regions: {} });
    expect(await versionsOf(user.id)).toHaveLength(1);

    const first = await insertMapRelay(db, a, rental.id);
    await setRelayState(db, first, "running", { reason: "allocation" });
    let versions = await versionsOf(user.id);
    expect(versions.map((v) => [v.version, v.reason])).toEqual([[1, "first"], [2, "relay_allocation"]]);
    expect((await mapOf(user.id)).Regions["900"].Nodes).toEqual([
      { Name: "900a", RegionID: 900, HostName: "203.0.113.41", CertName: `sha256-raw:${"cd".repeat(32)}`, IPv4: "203.0.113.41", STUNPort: first.stunPort, DERPPort: first.derpPort },
    ]);

    // Unchanged: regeneration returns the latest version and stores nothing.
    const again = await regenerateDerpMap(db, user.id, "manual");
    expect(again).toMatchObject({ created: false, version: { version: 2 } });

    // Stopped (expiry in its grace period): the relay keeps its place, so the map does not change.
    await setRelayState(db, first, "stopped", { reason: "expiry" });
    expect(await versionsOf(user.id)).toHaveLength(2);

    // A move: the new relay on server b runs, the old one is released.
    const moved = await insertMapRelay(db, b, rental.id, { node: 1 });
    await setRelayState(db, moved, "running", { reason: "moved" });
    await setRelayState(db, first, "released", { reason: "moved" });
    versions = await versionsOf(user.id);
    expect(versions.map((v) => v.reason)).toEqual(["first", "relay_allocation", "relay_moved", "relay_moved"]);
    const afterMove = (await mapOf(user.id)).Regions["900"].Nodes;
    expect(afterMove.map((n) => [n.Name, n.IPv4, n.IPv6])).toEqual([["900b", "203.0.113.42", "2001:db8::42"]]);

    // A new certificate (same state, new pin): a new version with the new CertName.
    const pin = `sha256-raw:${"ef".repeat(32)}`;
    await setRelayState(db, moved, "running", { reason: "certificate", set: { certName: pin } });
    expect((await mapOf(user.id)).Regions["900"].Nodes[0].CertName).toBe(pin);
    expect(await versionsOf(user.id)).toHaveLength(5);

    // Release: the region is gone.
    await setRelayState(db, moved, "released", { reason: "grace_over" });
    versions = await versionsOf(user.id);
    expect(versions).toHaveLength(6);
    expect(versions[5].content).toEqual({ OmitDefaultRegions: false, Regions: {} });
    // Numbers are consecutive and each hash differs from the one before.
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6]);
    for (let i = 1; i < versions.length; i++) expect(versions[i].contentHash).not.toBe(versions[i - 1].contentHash);
  });

  it("leaves out released rentals and rentals without a region id; honours OmitDefaultRegions", async () => {
    const user = await insertUser(db);
    const s = await makeOfflineServer(db, { publicIpv4: "203.0.113.43" });
    const { rental: live } = await makeRental(db, { regionId: s.regionId, userId: user.id, status: "active", derpRegionId: 901 });
    const { rental: waiting } = await makeRental(db, { regionId: s.regionId, userId: user.id, status: "active" });
    await setRelayState(db, await insertMapRelay(db, s, live.id), "running", { reason: "allocation" });
    await setRelayState(db, await insertMapRelay(db, s, waiting.id), "running", { reason: "allocation" });
    await db.update(users).set({ derpOmitDefaultRegions: true }).where(eq(users.id, user.id));
    const map = (await regenerateDerpMap(db, user.id, "settings")).version.content as unknown as DerpMap;
    expect(Object.keys(map.Regions)).toEqual(["901"]);
    expect(map.OmitDefaultRegions).toBe(true);

    await db.update(rentals).set({ status: "released" }).where(eq(rentals.id, live.id));
    const after = (await regenerateDerpMap(db, user.id, "manual")).version.content as unknown as DerpMap;
    expect(after).toEqual({ OmitDefaultRegions: false, Regions: {} });
  });

  it("the repair job catches a change made around setRelayState, once", async () => {
    const user = await insertUser(db);
    const s = await makeOfflineServer(db, { publicIpv4: "203.0.113.44" });
    const { rental } = await makeRental(db, { regionId: s.regionId, userId: user.id, status: "active", derpRegionId: 902 });
    await setRelayState(db, await insertMapRelay(db, s, rental.id), "running", { reason: "allocation" });
    const before = (await versionsOf(user.id)).length;

    // The operator edits the server's public address: no relay state changes.
    await db.update(servers).set({ publicIpv4: "203.0.113.144" }).where(eq(servers.id, s.id));
    const first = await repairDerpMaps(db);
    expect(first.updated).toBeGreaterThanOrEqual(1);
    const versions = await versionsOf(user.id);
    expect(versions).toHaveLength(before + 1);
    expect(versions.at(-1)!.reason).toBe("repair");
    expect((versions.at(-1)!.content as unknown as DerpMap).Regions["902"].Nodes[0].IPv4).toBe("203.0.113.144");

    await repairDerpMaps(db);
    expect(await versionsOf(user.id)).toHaveLength(before + 1);
  });
});
