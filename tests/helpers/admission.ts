import type { Db } from "@/db/client";
import { relays, type Rental } from "@/db/schema";
import { newRelaySecrets } from "@/lib/containers/relay-secrets";
import { admissionDecisions } from "@/lib/metrics/admission";
import { makeOfflineServer } from "./fleet";
import { makeRental } from "./rentals";

/**
 * An active rental with a (not running) customer relay row and its admission secret, for admission tests that
 * need no container: the endpoint only reads the row.
 */
export async function makeAdmissionRelay(
  db: Db,
  overrides: Partial<Omit<Rental, "id">> & { userId?: string } = {},
): Promise<{ secret: string; rental: Rental; userId: string; relayId: string }> {
  const server = await makeOfflineServer(db);
  const { rental, userId } = await makeRental(db, { regionId: server.regionId, status: "active", ...overrides });
  const relayId = crypto.randomUUID();
  const { admissionSecret, columns } = newRelaySecrets(relayId);
  await db.insert(relays).values({
    id: relayId,
    serverId: server.id,
    kind: "customer",
    containerName: `derp-test-${relayId}`,
    derpPort: server.derpPortMin,
    stunPort: server.stunPortMin,
    hostname: "127.0.0.1",
    state: "running",
    rentalId: rental.id,
    ...columns,
  });
  return { secret: admissionSecret, rental, userId, relayId };
}

/** A node key for tests: random, in derper's form. */
export function randomNodeKey(): string {
  return `nodekey:${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("hex")}`;
}

/** Admission decisions this process has answered so far, as `{ "allow:device": 12, "deny:unknown_key": 3 }`, read
 * from the Prometheus counter the app exports (tests compare before and after). */
export async function admissionCounts(): Promise<Record<string, number>> {
  const { values } = await admissionDecisions.get();
  return Object.fromEntries(values.map((v) => [`${v.labels.decision}:${v.labels.reason}`, v.value]));
}
