import { and, eq, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { relays, type Server } from "@/db/schema";
import { allocateRental } from "@/lib/containers/allocate";
import { cutOffRemovedDevices } from "@/lib/containers/cut-off-removed-devices";
import { insertUser } from "../helpers/billing";
import { testDb } from "../helpers/db";
import { dockerForTests } from "../helpers/docker";
import { makeServer, removeRelayContainersOf } from "../helpers/fleet";
import { relayImageForTests } from "../helpers/relay-image";
import { makeRental } from "../helpers/rentals";

/**
 * A removed device's open relay connection is ended by restarting the owner's running relays (derper asks
 * admission only on connect). The restart keeps the relay: same container, ports and certificate. The tailnet
 * proof (e2e/tailnet.spec.ts) shows a real removed node cut off this way.
 */

const docker = await dockerForTests();
const image = docker && (await relayImageForTests(docker));
let db: Db;
let s: Server;

beforeAll(async () => {
  db = (await testDb()).db;
  s = await makeServer(db, { status: "up" });
});
afterAll(async () => {
  if (docker) await removeRelayContainersOf(docker, [s.id]);
});

describe.skipIf(!docker || !image)("cutting off removed devices", () => {
  it("restarts only the owner's running relays, keeping container, ports and certificate", async () => {
    const owner = await insertUser(db);
    const other = await insertUser(db);
    const mine = await makeRental(db, { regionId: s.regionId, userId: owner.id });
    const theirs = await makeRental(db, { regionId: s.regionId, userId: other.id });
    await allocateRental(db, mine.rental.id);
    await allocateRental(db, theirs.rental.id);
    const live = (rentalId: string) => db.select().from(relays).where(and(eq(relays.rentalId, rentalId), ne(relays.state, "released")));
    const [before] = await live(mine.rental.id);
    const [untouched] = await live(theirs.rental.id);

    expect(await cutOffRemovedDevices(db, owner.id)).toEqual({ restarted: 1, failed: 0 });
    const [after] = await live(mine.rental.id);
    expect(after).toMatchObject({ id: before.id, state: "running", containerId: before.containerId, derpPort: before.derpPort, certName: before.certName });
    expect(after.startedAt!.getTime()).toBeGreaterThan(before.startedAt!.getTime());
    const info = await docker!.getContainer(before.containerName).inspect();
    expect(new Date(info.State.StartedAt).getTime()).toBeGreaterThan(before.startedAt!.getTime() - 1_000);
    expect((await live(theirs.rental.id))[0].startedAt).toEqual(untouched.startedAt);
  });
});
