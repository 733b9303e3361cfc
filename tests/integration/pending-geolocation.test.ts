import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { admissionRefusals } from "@/db/schema";
import { RefusalBuffer } from "@/lib/devices/admission-refusals";
import { listPendingDevices } from "@/lib/devices/pending";
import { locateIp } from "@/lib/geo/geoip";
import { makeAdmissionRelay, randomNodeKey } from "../helpers/admission";
import { testDb } from "../helpers/db";

/**
 * Pending devices carry where the refused client was: the refusal writer geolocates the address from the
 * offline DB-IP database as it writes (public addresses only), and a later attempt from another address
 * moves the place with it.
 */
let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

describe("pending devices geolocation", () => {
  it("stores country, region and city of a public address, none for a private one, and follows a new address", async () => {
    const { userId, relayId } = await makeAdmissionRelay(db, { deviceLimit: 1 });
    const buffer = new RefusalBuffer(async () => db);
    const [publicKey, privateKey] = [randomNodeKey(), randomNodeKey()];
    const google = await locateIp("8.8.8.8");
    expect(google?.country).toMatch(/^[A-Z]{2}$/);

    buffer.add({ userId, relayId, nodeKey: publicKey, source: "8.8.8.8:41641", reason: "unknown_key" });
    buffer.add({ userId, relayId, nodeKey: privateKey, source: "192.168.1.20:41641", reason: "unknown_key" });
    await buffer.flush();
    const pending = await listPendingDevices(db, { id: userId });
    const byKey = Object.fromEntries(pending.map((p) => [p.nodeKey, [p.sourceIp, p.country, p.region, p.city]]));
    expect(byKey).toEqual({
      [publicKey]: ["8.8.8.8", google!.country, google!.region, google!.city],
      [privateKey]: ["192.168.1.20", null, null, null],
    });

    // The same key again from a private address: the old place no longer describes the address shown.
    buffer.add({ userId, relayId, nodeKey: publicKey, source: "10.0.0.5", reason: "unknown_key" });
    await buffer.flush();
    const [row] = await db.select().from(admissionRefusals).where(eq(admissionRefusals.nodeKey, publicKey));
    expect([row.sourceIp, row.country, row.city, row.count]).toEqual(["10.0.0.5", null, null, 2]);
  });
});
