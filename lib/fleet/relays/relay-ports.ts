import { and, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { relays, type Relay, type Server } from "@/db/schema";
import { AppError } from "@/lib/errors";

/**
 * Port reservation for a new relay: the lowest DERP (TCP) and STUN (UDP) ports of the server's ranges that no
 * relay of that server holds (released relays hold none). Two reservations at once may pick the same port; the
 * partial unique indexes let only one insert succeed, and the other tries again with what is then free.
 */

export type RelayValues = Omit<typeof relays.$inferInsert, "derpPort" | "stunPort" | "serverId">;
type PortRanges = Pick<Server, "id" | "derpPortMin" | "derpPortMax" | "stunPortMin" | "stunPortMax">;

const PORT_INDEXES = new Set(["relays_server_derp_port_uq", "relays_server_stun_port_uq"]);
const MAX_ATTEMPTS = 20;

export async function insertRelayWithPorts(db: DbOrTx, server: PortRanges, values: RelayValues): Promise<Relay> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        const held = await tx
          .select({ derpPort: relays.derpPort, stunPort: relays.stunPort })
          .from(relays)
          .where(and(eq(relays.serverId, server.id), ne(relays.state, "released")));
        const derpPort = lowestFree(server.derpPortMin, server.derpPortMax, new Set(held.map((r) => r.derpPort)));
        const stunPort = lowestFree(server.stunPortMin, server.stunPortMax, new Set(held.map((r) => r.stunPort)));
        if (derpPort === null || stunPort === null) throw new AppError(409, "server_ports_exhausted");
        const [relay] = await tx.insert(relays).values({ ...values, serverId: server.id, derpPort, stunPort }).returning();
        return relay;
      });
    } catch (error) {
      if (attempt < MAX_ATTEMPTS && PORT_INDEXES.has(constraintOf(error) ?? "")) continue;
      throw error;
    }
  }
}

export function lowestFree(min: number, max: number, taken: ReadonlySet<number>): number | null {
  for (let port = min; port <= max; port++) if (!taken.has(port)) return port;
  return null;
}

/** The unique index a failed insert ran into (Postgres 23505), through drizzle's wrapping. */
export function constraintOf(error: unknown): string | null {
  const e = error as { code?: unknown; constraint_name?: unknown; constraint?: unknown; cause?: unknown } | null;
  if (!e) return null;
  if (e.code === "23505") {
    const name = e.constraint_name ?? e.constraint;
    if (typeof name === "string") return name;
  }
  return e.cause ? constraintOf(e.cause) : null;
}
