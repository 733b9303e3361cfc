import { mkdtempSync, writeFileSync } from "node:fs";
import { networkInterfaces, tmpdir } from "node:os";
import path from "node:path";
import { and, eq, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres, type Db } from "@/db/client";
import { relays, rentals } from "@/db/schema";
import { allocateRental } from "@/lib/containers/allocate";
import { AdmissionService } from "@/lib/devices/admission";
import { admissionService, answerAdmission } from "@/lib/devices/admission-http";
import { notifyAdmissionChange } from "@/lib/devices/admission-invalidation";
import { addDevice, removeDevice } from "@/lib/devices/devices";
import { approvePendingDevice, listPendingDevices } from "@/lib/devices/pending";
import { resetEnvForTests } from "@/lib/env";
import { transitionRental } from "@/lib/rentals/transition-rental";
import { admissionCounts } from "../helpers/admission";
import { createUser, sessionUser } from "../helpers/auth";
import { derpClientBinary, derpConnect, newNodeKeyPair } from "../helpers/derp-client";
import { testDb } from "../helpers/db";
import { dockerForTests } from "../helpers/docker";
import { makeServer, removeRelayContainersOf } from "../helpers/fleet";
import { relayImageForTests } from "../helpers/relay-image";
import { makeRental } from "../helpers/rentals";
import { startRouteServer } from "../helpers/route-server";

/**
 * Admission through the real derper: a relay allocated on the local engine calls this process's admission
 * route (served on the Docker bridge), and a real DERP client (tests/tools/derp-client, tailscale.com's
 * derphttp) connects with keys the test chooses.
 */

const docker = await dockerForTests();
const image = docker && (await relayImageForTests(docker));
const client = docker && image ? derpClientBinary() : null;
let db: Db;
const serverIds: string[] = [];
let closeServer: (() => Promise<void>) | undefined;
/** The service the served route uses; swapped for one on a dead database. */
let service: AdmissionService;
/** How long each admission answer took, in ms. */
const answerMs: number[] = [];

function bridgeGateway(): string {
  const docker0 = networkInterfaces().docker0?.find((a) => a.family === "IPv4");
  return docker0?.address ?? "172.17.0.1";
}

beforeAll(async () => {
  db = (await testDb()).db;
  if (!client) return;
  service = admissionService();
  const served = await startRouteServer(async (req, pathname) => {
    const started = Date.now();
    const secret = decodeURIComponent(pathname.split("/").pop() ?? "");
    const res = await answerAdmission(service, req, secret);
    answerMs.push(Date.now() - started);
    return res;
  }, "0.0.0.0");
  closeServer = served.close;
  process.env.RELAY_ADMISSION_BASE_URL = `http://${bridgeGateway()}:${served.port}`;
  resetEnvForTests();
});

afterAll(async () => {
  delete process.env.RELAY_ADMISSION_BASE_URL;
  resetEnvForTests();
  await closeServer?.();
  if (docker) await removeRelayContainersOf(docker, serverIds);
});

describe.skipIf(!client)("admission through the real derper", () => {
  it("admits registered keys only, follows approval, removal, quota, expiry, and refuses when the database is down", async () => {
    const s = await makeServer(db, { status: "up" });
    serverIds.push(s.id);
    const customer = sessionUser(await createUser(db, { passwordHash: "x" }));
    const { rental } = await makeRental(db, { regionId: s.regionId, userId: customer.id, deviceLimit: 3 });
    const allocated = await allocateRental(db, rental.id);
    expect(allocated.problem).toBeNull();
    const [relay] = await db.select().from(relays).where(and(eq(relays.rentalId, rental.id), ne(relays.state, "released")));
    const caFile = path.join(mkdtempSync(path.join(tmpdir(), "derp-ca-")), "relay.pem");
    writeFileSync(caFile, relay.certPem!);
    const url = `https://${relay.hostname}:${relay.derpPort}/derp`;
    const connect = (k: { private: string }) => derpConnect(client!, { url, privateKey: k.private, caFile });

    const [laptop, phone] = [newNodeKeyPair(client!), newNodeKeyPair(client!)];
    const laptopDevice = await addDevice(db, customer, { name: "laptop", nodeKey: laptop.public });

    // A registered key connects (its packet to itself comes back through the relay).
    expect(await connect(laptop)).toEqual({ accepted: true });

    // An unknown key is refused on its first receive and becomes a pending device.
    const refused = await connect(phone);
    expect(refused.accepted).toBe(false);
    expect(refused.error).toMatch(/recv|EOF|closed|reset/i);
    await service.refusals.flush();
    const pending = await listPendingDevices(db, customer);
    expect(pending.map((p) => p.nodeKey)).toEqual([phone.public]);
    expect(pending[0].sourceIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);

    // Approved, it connects.
    await approvePendingDevice(db, customer, pending[0].id, { name: "phone" });
    expect(await connect(phone)).toEqual({ accepted: true });

    // Removed, it is refused on the very next connection: the cache was told in the removal's transaction.
    const deniedBefore = (await admissionCounts())["deny:unknown_key"] ?? 0;
    await removeDevice(db, customer, laptopDevice.id);
    expect((await connect(laptop)).accepted).toBe(false);
    // It was admission that refused it (not a broken connection).
    expect((await admissionCounts())["deny:unknown_key"]).toBe(deniedBefore + 1);

    // Over quota (the traffic written, the status not yet changed): refused; within quota again: admitted.
    await db.transaction(async (tx) => {
      await tx.update(rentals).set({ trafficUsedBytes: rental.trafficQuotaBytes }).where(eq(rentals.id, rental.id));
      await notifyAdmissionChange(tx, { userId: customer.id });
    });
    expect((await connect(phone)).accepted).toBe(false);
    await db.transaction(async (tx) => {
      await tx.update(rentals).set({ trafficUsedBytes: 0 }).where(eq(rentals.id, rental.id));
      await notifyAdmissionChange(tx, { userId: customer.id });
    });
    expect(await connect(phone)).toEqual({ accepted: true });

    // The database unreachable (a handle on a closed port): refused, and the answer came well inside derper's 5 s.
    const dead = openPostgres("postgres://postgres:postgres@127.0.0.1:1/postgres", 1);
    const healthy = service;
    service = new AdmissionService({ db: async () => dead.db });
    try {
      answerMs.length = 0;
      expect((await connect(phone)).accepted).toBe(false);
      expect(answerMs.length).toBeGreaterThan(0);
      expect(Math.max(...answerMs)).toBeLessThan(5_000);
      // A database that hangs: the deadline answers.
      service.close();
      service = new AdmissionService({ db: () => new Promise<Db>(() => {}) });
      answerMs.length = 0;
      expect((await connect(phone)).accepted).toBe(false);
      expect(Math.max(...answerMs)).toBeLessThan(5_000);
    } finally {
      service.close();
      service = healthy;
      await dead.close();
    }
    expect(await connect(phone)).toEqual({ accepted: true });

    // An expired rental: refused.
    await transitionRental(db, rental.id, "expired", { reason: "expiry" });
    expect((await connect(phone)).accepted).toBe(false);
  });
});
