import { and, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { regions, relays, servers, type Relay, type Server } from "@/db/schema";
import { assertAdmin, auditActor } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { writeAudit, type RequestMeta } from "@/lib/logs/audit-log";
import { writeSystemLog } from "@/lib/logs/system-log";
import { forgetDockerClient } from "../docker-client";
import { removeRelayContainer } from "../relays/relay-container";
import { auditedSettings } from "./audit-details";
import { serverDockerClient } from "./docker-connection";
import { findServerRow } from "./read-servers";
import { pgCode } from "./server-rules";

/** Removing a container is quick when the engine answers; a host that does not is not waited on for long. */
const REMOVE_TIMEOUT_MS = 5_000;

const hasRelays = (count: number) => new AppError(409, "server_has_relays", undefined, { relays: count });

/**
 * Admins only. Deletes a server that holds no customer relay (any that is not released): otherwise 409
 * server_has_relays, and the admin drains it first. Its canary goes with it: the container is removed through
 * docker-client (best effort: an unreachable host must not keep a dead server in the list; a failure is written
 * to the system log), then the relay rows, probe samples, rollups and load samples, and the server.
 */
export async function deleteServer(db: DbOrTx, actor: SessionUser, id: string, meta?: RequestMeta): Promise<void> {
  assertAdmin(actor);
  const server = await findServerRow(db, id);
  await assertNoCustomerRelays(db, id);

  // The engine is called outside the transaction: a slow host must not hold row locks.
  const canaries = await db
    .select()
    .from(relays)
    .where(and(eq(relays.serverId, id), eq(relays.kind, "canary"), ne(relays.state, "released")));
  for (const canary of canaries) await removeContainer(db, server, canary);

  try {
    await db.transaction(async (tx) => {
      const locked = await findServerRow(tx, id, { forUpdate: true });
      // A relay placed on the server since the first check keeps it.
      await assertNoCustomerRelays(tx, id);
      const [region] = await tx.select({ code: regions.code }).from(regions).where(eq(regions.id, locked.regionId));
      await tx.delete(relays).where(eq(relays.serverId, id));
      await tx.delete(servers).where(eq(servers.id, id));
      await writeAudit(tx, {
        actor: auditActor(actor),
        action: "server.delete",
        target: { type: "server", id },
        meta,
        details: { ...auditedSettings(locked, region?.code ?? "?"), canariesRemoved: canaries.length },
      });
    });
  } catch (e) {
    // A relay inserted between the check and the delete: its foreign key refuses, with the same answer.
    if (pgCode(e) === "23503") throw hasRelays(1);
    throw e;
  }
  forgetDockerClient(id);
}

async function assertNoCustomerRelays(db: DbOrTx, serverId: string): Promise<void> {
  const live = await db
    .select({ id: relays.id })
    .from(relays)
    .where(and(eq(relays.serverId, serverId), eq(relays.kind, "customer"), ne(relays.state, "released")));
  if (live.length > 0) throw hasRelays(live.length);
}

async function removeContainer(db: DbOrTx, server: Server, canary: Relay): Promise<void> {
  try {
    // The one implementation of removing a relay's container (and its key volume).
    await removeRelayContainer(serverDockerClient(server), canary, { call: { timeoutMs: REMOVE_TIMEOUT_MS } });
  } catch (e) {
    await writeSystemLog(db, {
      level: "warn",
      source: "fleet",
      message: `server ${server.name} deleted without removing its canary container ${canary.containerName}: ${e instanceof Error ? e.message : String(e)}`,
      context: { serverId: server.id, relayId: canary.id, containerName: canary.containerName },
    });
  }
}
