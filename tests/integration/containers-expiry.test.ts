import { and, eq, ne } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { mailOutbox, relays, rentals, type Server } from "@/db/schema";
import { DAY_MS, now, testClock } from "@/lib/clock";
import { allocateRental } from "@/lib/containers/allocate";
import { sendExpiryReminders } from "@/lib/containers/expiry-reminders";
import { expireDueRentals, releaseAfterGrace } from "@/lib/containers/rental-expiry";
import { env } from "@/lib/env";
import { startOrExtendRental } from "@/lib/rentals/start-or-extend-rental";
import { insertUser } from "../helpers/billing";
import { testDb } from "../helpers/db";
import { dockerForTests } from "../helpers/docker";
import { makeServer, removeRelayContainersOf } from "../helpers/fleet";
import { relayImageForTests } from "../helpers/relay-image";
import { makeRental } from "../helpers/rentals";

/**
 * A rental's end on the real engine: reminders before it, the relay stopped at expiry, the same relay back
 * after a renewal inside the grace period, everything removed after it. Runs are scoped to this file's rentals
 * (other files share the database); the clock is moved instead of waiting.
 */

const docker = await dockerForTests();
const image = docker && (await relayImageForTests(docker));
let db: Db;
let s: Server;

beforeAll(async () => {
  db = (await testDb()).db;
  s = await makeServer(db, { status: "up" });
});
afterEach(() => testClock.reset());
afterAll(async () => {
  if (docker) await removeRelayContainersOf(docker, [s.id]);
});

const rentalNow = async (id: string) => (await db.select().from(rentals).where(eq(rentals.id, id)))[0];
const relayNow = async (id: string) => (await db.select().from(relays).where(eq(relays.id, id)))[0];
const mailsTo = (to: string) => db.select().from(mailOutbox).where(and(eq(mailOutbox.to, to), eq(mailOutbox.template, "expiry-reminder")));

describe("expiry reminders", () => {
  it("3 days and 1 day before: one mail each per expiry, again after a renewal", async () => {
    const user = await insertUser(db, { locale: "zh-CN" });
    const { rental } = await makeRental(db, { regionId: null, userId: user.id, status: "active", expiresAt: new Date(now().getTime() + 2.5 * DAY_MS) });
    const only = [rental.id];

    expect(await sendExpiryReminders(db, { only })).toEqual({ sent: 1 });
    expect(await sendExpiryReminders(db, { only })).toEqual({ sent: 0 });
    const [first] = await mailsTo(user.email);
    expect(first.subject).toContain("3");
    expect(first.locale).toBe("zh-CN");

    testClock.advance(2 * DAY_MS);
    expect(await sendExpiryReminders(db, { only })).toEqual({ sent: 1 });
    expect(await sendExpiryReminders(db, { only })).toEqual({ sent: 0 });
    expect(await mailsTo(user.email)).toHaveLength(2);

    // A renewal is a new expiry: its reminders come again when it is near.
    await db.update(rentals).set({ expiresAt: new Date(now().getTime() + 2 * DAY_MS) }).where(eq(rentals.id, rental.id));
    expect(await sendExpiryReminders(db, { only })).toEqual({ sent: 1 });
    expect(await mailsTo(user.email)).toHaveLength(3);
  });

  it("a rental with more than 3 days left, or already expired, gets none", async () => {
    const user = await insertUser(db);
    const far = await makeRental(db, { regionId: null, userId: user.id, status: "active", expiresAt: new Date(now().getTime() + 4 * DAY_MS) });
    const gone = await makeRental(db, { regionId: null, userId: user.id, status: "expired", expiresAt: new Date(now().getTime() + DAY_MS / 2) });
    expect(await sendExpiryReminders(db, { only: [far.rental.id, gone.rental.id] })).toEqual({ sent: 0 });
  });
});

describe.skipIf(!docker || !image)("expiry, renewal in the grace period, release", () => {
  it("stops at expiry, comes back the same after a renewal, is removed after the grace period", async () => {
    const user = await insertUser(db);
    const { rental, plan } = await makeRental(db, { regionId: s.regionId, userId: user.id, expiresAt: new Date(now().getTime() + DAY_MS) });
    const only = [rental.id];
    await allocateRental(db, rental.id);
    const [relay] = await db.select().from(relays).where(and(eq(relays.rentalId, rental.id), ne(relays.state, "released")));
    expect(relay.state).toBe("running");

    // Expiry: the rental expires and its relay stops, keeping container, ports and certificate.
    testClock.advance(DAY_MS + 60_000);
    expect(await expireDueRentals(db, { only })).toEqual({ expired: 1, stopFailures: 0 });
    expect((await rentalNow(rental.id)).status).toBe("expired");
    expect((await relayNow(relay.id)).state).toBe("stopped");
    expect((await docker!.getContainer(relay.containerName).inspect()).State.Running).toBe(false);
    // Inside the grace period nothing is removed.
    expect(await releaseAfterGrace(db, { only })).toEqual({ released: 0, relaysReleased: 0 });

    // A renewal inside the grace period: the same relay runs again with the same ports and certificate.
    testClock.advance(DAY_MS);
    await db.transaction((tx) =>
      startOrExtendRental(tx, { userId: user.id, plan, regionId: null, at: now(), actor: { id: user.id, email: user.email } }),
    );
    expect((await rentalNow(rental.id)).status).toBe("pending");
    const back = await allocateRental(db, rental.id);
    expect(back.rental.status).toBe("active");
    const again = await relayNow(relay.id);
    expect(again).toMatchObject({
      state: "running",
      containerId: relay.containerId,
      derpPort: relay.derpPort,
      stunPort: relay.stunPort,
      certPem: relay.certPem,
    });
    expect(back.relays.map((r) => r.id)).toEqual([relay.id]);
    expect((await docker!.getContainer(relay.containerName).inspect()).State.Running).toBe(true);

    // Past the new expiry and the grace period: removed, ports freed, rental released.
    const renewed = await rentalNow(rental.id);
    testClock.freeze(new Date(renewed.expiresAt.getTime() + env().RELEASE_GRACE_DAYS * DAY_MS + 60_000));
    expect(await expireDueRentals(db, { only })).toMatchObject({ expired: 1 });
    expect(await releaseAfterGrace(db, { only })).toEqual({ released: 1, relaysReleased: 1 });
    expect((await rentalNow(rental.id)).status).toBe("released");
    expect(await relayNow(relay.id)).toMatchObject({ state: "released", containerId: null });
    await expect(docker!.getContainer(relay.containerName).inspect()).rejects.toMatchObject({ statusCode: 404 });
    const volumes = await docker!.listVolumes({ filters: { label: [`derpmanagement.relay-id=${relay.id}`] } });
    expect(volumes.Volumes ?? []).toHaveLength(0);
    const live = await db.select().from(relays).where(and(eq(relays.serverId, s.id), ne(relays.state, "released")));
    expect(live).toHaveLength(0);
  });

  it("a renewal whose stopped container was removed meanwhile gets it back with the same ports and certificate", async () => {
    const user = await insertUser(db);
    const { rental, plan } = await makeRental(db, { regionId: s.regionId, userId: user.id, expiresAt: new Date(now().getTime() + DAY_MS) });
    await allocateRental(db, rental.id);
    const [relay] = await db.select().from(relays).where(and(eq(relays.rentalId, rental.id), ne(relays.state, "released")));
    testClock.advance(DAY_MS + 60_000);
    await expireDueRentals(db, { only: [rental.id] });
    await docker!.getContainer(relay.containerName).remove({ force: true });

    await db.transaction((tx) =>
      startOrExtendRental(tx, { userId: user.id, plan, regionId: null, at: now(), actor: { id: user.id, email: user.email } }),
    );
    const back = await allocateRental(db, rental.id);
    expect(back.rental.status).toBe("active");
    const again = await relayNow(relay.id);
    expect(again).toMatchObject({ state: "running", derpPort: relay.derpPort, stunPort: relay.stunPort, certPem: relay.certPem });
    expect(again.containerId).not.toBe(relay.containerId);
    expect((await docker!.getContainer(relay.containerName).inspect()).State.Running).toBe(true);
  });
});
