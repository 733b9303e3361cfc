import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { relays, type Relay, type Server } from "@/db/schema";

let port = 0;

/**
 * A customer relay row inserted directly in `creating` (as placement leaves it), on a server that is never
 * reached: DERP-map tests drive its state through setRelayState, as the container code does.
 */
export async function insertMapRelay(
  db: Db,
  server: Server,
  rentalId: string,
  opts: { node?: number; hostname?: string; certName?: string | null } = {},
): Promise<Relay> {
  const id = randomUUID();
  const offset = port++ % 10;
  const [relay] = await db
    .insert(relays)
    .values({
      id,
      serverId: server.id,
      kind: "customer",
      rentalId,
      node: opts.node ?? 0,
      containerName: `derp-test-${id}`,
      derpPort: server.derpPortMin + offset,
      stunPort: server.stunPortMin + offset,
      hostname: opts.hostname ?? server.publicIpv4,
      certName: opts.certName === undefined ? `sha256-raw:${"cd".repeat(32)}` : opts.certName,
      state: "creating",
    })
    .returning();
  return relay;
}
