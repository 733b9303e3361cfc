import { and, eq, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { relays, servers, type Relay, type Server } from "@/db/schema";
import { AppError, conflict, notFound } from "@/lib/errors";
import { removeRelayContainer, stopRelayContainer } from "@/lib/fleet/relays/relay-container";
import { serverDockerClient } from "@/lib/fleet/servers/docker-connection";
import { writeSystemLog } from "@/lib/logs/system-log";
import { errorMessage, startNode } from "./deploy-node";
import { setRelayState } from "./relay-state";
import { finalTrafficSample } from "./traffic-final-sample";

/**
 * Stop, start, restart and release of one customer relay, for admins, customers (restart their own), the
 * rental job (quota, expiry, grace) and reconciliation. Permission is the caller's. A Docker host that does not
 * answer makes the operation fail with 503 `server_unreachable` and changes nothing in the database, except
 * that a release of a relay on a dead host is recorded (reconciliation removes the container when it is back)
 * and that a failed restart leaves the relay `stopped` (see restartRelay).
 */

export type LifecycleOptions = { reason: string; actorId?: string | null };

export async function relayWithServer(db: Db, relayId: string): Promise<{ relay: Relay; server: Server }> {
  const [row] = await db.select({ relay: relays, server: servers }).from(relays).innerJoin(servers, eq(servers.id, relays.serverId)).where(eq(relays.id, relayId));
  if (!row || row.relay.kind !== "customer") throw notFound("container_unknown");
  return row;
}

export async function stopRelay(db: Db, relayId: string, opts: LifecycleOptions): Promise<Relay> {
  const { relay, server } = await relayWithServer(db, relayId);
  if (relay.state === "released") throw conflict("container_released");
  if (relay.state === "stopped") return relay;
  await finalTrafficSample(db, relay);
  await onHost(server, () => stopRelayContainer(serverDockerClient(server), relay));
  return setRelayState(db, relay, "stopped", opts);
}

export async function startRelay(db: Db, relayId: string, opts: LifecycleOptions): Promise<Relay> {
  const { relay, server } = await relayWithServer(db, relayId);
  if (relay.state === "released") throw conflict("container_released");
  if (relay.state === "running") return relay;
  return onHost(server, () => startNode(db, server, relay, opts));
}

export async function restartRelay(db: Db, relayId: string, opts: LifecycleOptions): Promise<Relay> {
  const { relay, server } = await relayWithServer(db, relayId);
  if (relay.state !== "running") throw conflict("container_not_running");
  await finalTrafficSample(db, relay);
  // `stopped` before the container restarts: the sampler reads running relays only, so no reading can fall
  // between the restart (counters back to zero) and the new start (no baseline), where it would be counted
  // again after the start. A restart that fails leaves the relay stopped with its baseline; starting it again
  // finds the container running and keeps counting from that baseline.
  const stopped = await setRelayState(db, relay, "stopped", opts);
  const client = serverDockerClient(server);
  await onHost(server, () => client.call("restart relay container", (docker, signal) => docker.getContainer(relay.containerName).restart({ t: 5, abortSignal: signal } as object)));
  // A restart is a new start for uptime and for the counters (derper's begin at zero again).
  return onHost(server, () => startNode(db, server, stopped, { ...opts, freshCounters: true }));
}

/**
 * Removes the container and its key volume and frees the ports. On a host that does not answer the row is
 * released anyway when `evenIfUnreachable` (expiry after the grace period: the customer's time is over and the
 * slot must not stay taken); reconciliation removes the labelled container once the host answers again.
 */
export async function releaseRelay(db: Db, relayId: string, opts: LifecycleOptions & { evenIfUnreachable?: boolean }): Promise<Relay> {
  const { relay, server } = await relayWithServer(db, relayId);
  if (relay.state === "released") return relay;
  if (relay.state === "running") await finalTrafficSample(db, relay);
  try {
    await removeRelayContainer(serverDockerClient(server), relay);
  } catch (error) {
    if (!opts.evenIfUnreachable) throw unreachable(server, error);
    await writeSystemLog(db, {
      level: "warn",
      source: "containers",
      message: `server ${server.name} did not answer: the relay is released in the database, its container is removed by reconciliation`,
      context: { relayId, serverId: server.id, error: errorMessage(error) },
    });
  }
  return setRelayState(db, relay, "released", { ...opts, set: { containerId: null } });
}

/** The live relays of a rental (for stopping or releasing them all). */
export async function liveRelayIds(db: Db, rentalId: string): Promise<string[]> {
  const rows = await db.select({ id: relays.id }).from(relays).where(and(eq(relays.rentalId, rentalId), ne(relays.state, "released")));
  return rows.map((r) => r.id);
}

async function onHost<T>(server: Server, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unreachable(server, error);
  }
}

function unreachable(server: Server, error: unknown): AppError {
  return new AppError(503, "server_unreachable", undefined, { server: server.name, detail: errorMessage(error).slice(0, 300) });
}
