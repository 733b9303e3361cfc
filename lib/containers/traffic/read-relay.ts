import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { relays, servers } from "@/db/schema";
import type { DockerClient } from "@/lib/fleet/docker-client";
import { serverDockerClient } from "@/lib/fleet/servers/docker-connection";
import { openDebugKey } from "../relay-secrets";
import { readDerpCounters } from "./derp-vars";
import { readDockerNetBytes } from "./docker-net";

/**
 * One relay as the sampler sees it: where to read its counters, and the row's accounting state when it was
 * loaded. The write compares that state with the locked row (see write-samples.ts), so a reading taken while
 * someone else sampled, stopped or restarted the relay is dropped instead of counted twice.
 */
export type SampleTarget = {
  relayId: string;
  rentalId: string | null;
  serverId: string;
  regionId: string;
  containerName: string;
  host: string;
  derpPort: number;
  hostname: string;
  certName: string | null;
  debugKeySealed: Buffer | null;
  bridge: boolean;
  /** The accounting state the reading is compared against. */
  seen: AccountingState;
  server: { id: string; dockerConnection: typeof servers.$inferSelect.dockerConnection; dockerSecretSealed: Buffer | null };
};

export type AccountingState = {
  state: string;
  startedAt: Date | null;
  lastDerpBytes: number | null;
  lastDockerBytes: number | null;
  lastSampledAt: Date | null;
};

export type Reading =
  | { ok: true; derp: number; docker: number | null; dockerError: string | null }
  | { ok: false; error: string };

const columns = {
  relayId: relays.id,
  rentalId: relays.rentalId,
  serverId: relays.serverId,
  regionId: servers.regionId,
  containerName: relays.containerName,
  host: servers.publicIpv4,
  derpPort: relays.derpPort,
  hostname: relays.hostname,
  certName: relays.certName,
  debugKeySealed: relays.debugKeySealed,
  networkMode: servers.networkMode,
  state: relays.state,
  startedAt: relays.startedAt,
  lastDerpBytes: relays.lastDerpBytes,
  lastDockerBytes: relays.lastDockerBytes,
  lastSampledAt: relays.lastSampledAt,
  dockerConnection: servers.dockerConnection,
  dockerSecretSealed: servers.dockerSecretSealed,
};

/** Customer relays: the running ones (a cycle), the given ones, or both. */
export async function loadSampleTargets(db: DbOrTx, which: { running?: boolean; relayIds?: string[] }): Promise<SampleTarget[]> {
  const where = and(
    eq(relays.kind, "customer"),
    which.running ? eq(relays.state, "running") : undefined,
    which.relayIds ? inArray(relays.id, which.relayIds) : undefined,
  );
  const rows = await db.select(columns).from(relays).innerJoin(servers, eq(servers.id, relays.serverId)).where(where);
  return rows.map((r) => ({
    relayId: r.relayId,
    rentalId: r.rentalId,
    serverId: r.serverId,
    regionId: r.regionId,
    containerName: r.containerName,
    host: r.host,
    derpPort: r.derpPort,
    hostname: r.hostname,
    certName: r.certName,
    debugKeySealed: r.debugKeySealed,
    bridge: r.networkMode === "bridge",
    seen: { state: r.state, startedAt: r.startedAt, lastDerpBytes: r.lastDerpBytes, lastDockerBytes: r.lastDockerBytes, lastSampledAt: r.lastSampledAt },
    server: { id: r.serverId, dockerConnection: r.dockerConnection, dockerSecretSealed: r.dockerSecretSealed },
  }));
}

/**
 * Both counters of one relay, read at the same time. derper's is the billed one: without it the relay is
 * skipped (nothing is written, so the next reading covers the gap). Docker's may fail on its own (engine busy,
 * host mode has none): the sample is written without it and its baseline stays.
 */
export async function readRelay(target: SampleTarget, timeoutMs?: number, client?: DockerClient): Promise<Reading> {
  if (!target.debugKeySealed) return { ok: false, error: "the relay has no debug key" };
  const debugKey = openDebugKey(target.relayId, target.debugKeySealed);
  const [derp, docker] = await Promise.allSettled([
    readDerpCounters({ id: target.relayId, host: target.host, port: target.derpPort, hostname: target.hostname, certName: target.certName, debugKey }, timeoutMs),
    target.bridge ? readDockerNetBytes(client ?? serverDockerClient(target.server), target.containerName, timeoutMs) : Promise.resolve(null),
  ]);
  if (derp.status === "rejected") return { ok: false, error: message(derp.reason) };
  return {
    ok: true,
    derp: derp.value.total,
    docker: docker.status === "fulfilled" ? docker.value : null,
    dockerError: docker.status === "rejected" ? message(docker.reason) : null,
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
