import type Docker from "dockerode";
import { and, asc, eq, inArray, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { relays, serverLoadSamples, servers, type HostInfo, type Relay, type RelayState, type Server, type ServerStatus } from "@/db/schema";
import { assertAdmin } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/current-user";
import { now as clockNow } from "@/lib/clock";
import { env } from "@/lib/env";
import { setRelayState } from "@/lib/containers/relay-state";
import { mapWithConcurrency } from "../concurrency";
import { readHostInfo, type DockerCallOptions, type DockerClient, type DockerHostInfo } from "../docker-client";
import { probeHttps } from "../https-probe";
import { reconcileCanary, type CanaryAction } from "../relays/canary";
import { listRelayContainers, RELAY_LABEL } from "../relays/relay-container";
import { serverDockerClient } from "../servers/docker-connection";
import { recordServerCheck } from "../servers/record-status";
import { withTimeout } from "../timeout";
import { readContainerStats, type StatsTotals } from "./container-stats";

/**
 * The health check of every server (the fleet-health job, every FLEET_HEALTH_INTERVAL_SECONDS, and
 * `GET /api/server/health_check`). Per server:
 *
 * 1. Docker API reachable? (`docker info` + `docker version`, 5 s deadline each) — if not: `down`.
 * 2. Our containers listed; the canary created, repaired, renewed or removed (relays/canary.ts).
 * 3. Every running relay (canary and customers') asked `/derp/probe` over TLS with its CertName pin.
 * 4. Status: `up` (Docker answers, the canary runs and answers, every relay answers), `degraded` (Docker
 *    answers but the canary is stopped, missing or failing, or some relay fails its probe), `down` (Docker
 *    unreachable, refused or too slow). `statusChangedAt` moves only on a change, and each change goes to the
 *    system log (source `fleet`).
 * 5. One load sample: customer relays running / capacity, CPU and memory of our containers (docker stats),
 *    the host's CPUs and memory.
 *
 * Servers are checked concurrently (at most 8 at once), each under an overall deadline, so a hung host costs
 * its deadline and never stalls the run.
 */

export type HealthOptions = {
  /** Only these servers (tests, and a check of one server). */
  serverIds?: readonly string[];
  concurrency?: number;
  /** Deadline of each Docker call. */
  dockerTimeoutMs?: number;
  /** Deadline of one server's whole check. */
  serverTimeoutMs?: number;
  probeTimeoutMs?: number;
  readyTimeoutMs?: number;
  image?: string;
  repairAfterMs?: number;
};

export type ServerHealth = {
  serverId: string;
  name: string;
  status: ServerStatus;
  error: string | null;
  checkedAt: Date;
  /** The status differs from the one before this check. */
  changed: boolean;
  canary: CanaryAction;
};

export const HEALTH_DEFAULTS = {
  concurrency: 8,
  dockerTimeoutMs: 5_000,
  serverTimeoutMs: 25_000,
  probeTimeoutMs: 5_000,
  probeConcurrency: 16,
} as const;

export async function runFleetHealth(db: DbOrTx, options: HealthOptions = {}): Promise<ServerHealth[]> {
  const rows = await db
    .select()
    .from(servers)
    .where(options.serverIds ? inArray(servers.id, [...options.serverIds]) : undefined)
    .orderBy(asc(servers.name));
  return mapWithConcurrency(rows, options.concurrency ?? HEALTH_DEFAULTS.concurrency, (server) => checkServerHealth(db, server, options));
}

type Observation = {
  status: ServerStatus;
  problems: string[];
  hostInfo: DockerHostInfo | null;
  canary: CanaryAction;
  relaysRunning: number | null;
  stats: StatsTotals | null;
};

export async function checkServerHealth(db: DbOrTx, server: Server, options: HealthOptions = {}): Promise<ServerHealth> {
  const serverTimeoutMs = options.serverTimeoutMs ?? HEALTH_DEFAULTS.serverTimeoutMs;
  // What the check learnt so far: a check cut off at its deadline still reports whether Docker answered.
  const seen: Observation = { status: "down", problems: [], hostInfo: null, canary: "none", relaysRunning: null, stats: null };
  let observation: Observation;
  try {
    observation = await withTimeout(`health check of ${server.name}`, serverTimeoutMs, (signal) => observe(db, server, options, seen, signal));
  } catch (error) {
    observation = {
      ...seen,
      status: seen.hostInfo ? "degraded" : "down",
      problems: [...seen.problems, `the health check did not finish within ${serverTimeoutMs / 1000} s (${message(error)})`],
    };
  }
  const checkedAt = clockNow();
  const error = observation.problems.length ? observation.problems.join("; ") : null;
  const changed = await record(db, server, observation, error, checkedAt);
  return { serverId: server.id, name: server.name, status: observation.status, error, checkedAt, changed, canary: observation.canary };
}

async function observe(db: DbOrTx, server: Server, options: HealthOptions, seen: Observation, signal: AbortSignal): Promise<Observation> {
  const call: DockerCallOptions = { timeoutMs: options.dockerTimeoutMs ?? HEALTH_DEFAULTS.dockerTimeoutMs, signal };
  let client: DockerClient;
  try {
    client = serverDockerClient(server);
    seen.hostInfo = await readHostInfo(client, call);
  } catch (error) {
    return { ...seen, status: "down", problems: [message(error)] };
  }
  seen.status = "degraded";
  let containers: Docker.ContainerInfo[];
  try {
    containers = await listRelayContainers(client, server.id, call);
  } catch (error) {
    return { ...seen, problems: [`listing our containers failed: ${message(error)}`] };
  }

  const canary = await reconcileCanary(db, server, client, {
    image: options.image ?? env().FLEET_RELAY_IMAGE,
    repairAfterMs: options.repairAfterMs ?? env().FLEET_CANARY_REPAIR_AFTER_SECONDS * 1000,
    containers,
    call,
    readyTimeoutMs: options.readyTimeoutMs,
  });
  seen.canary = canary.action;
  if (canary.problem) seen.problems.push(canary.problem);
  if (signal.aborted) return seen;

  // A canary just created or repaired has a new container; list again so the load sample counts it.
  if (canary.action !== "none" && canary.action !== "recorded") {
    containers = await listRelayContainers(client, server.id, call).catch(() => containers);
  }
  const customerRows = await observeCustomerRelays(db, server, containers, seen.problems);
  const running = [...(canary.relay?.state === "running" ? [canary.relay] : []), ...customerRows.filter((r) => r.state === "running")];
  const probes = await mapWithConcurrency(running, HEALTH_DEFAULTS.probeConcurrency, async (relay) => ({
    relay,
    result: await probeHttps(
      { host: server.publicIpv4, port: relay.derpPort, hostname: relay.hostname, certName: relay.certName ?? undefined },
      { timeoutMs: options.probeTimeoutMs ?? HEALTH_DEFAULTS.probeTimeoutMs, signal },
    ),
  }));
  for (const { relay, result } of probes) {
    if (!result.ok) seen.problems.push(`${relay.kind === "canary" ? "the canary" : `relay ${relay.containerName}`} failed /derp/probe: ${result.error}`);
  }
  seen.relaysRunning = containers.filter((c) => c.State === "running" && c.Labels?.[RELAY_LABEL.kind] === "customer").length;
  seen.stats = await readContainerStats(
    client,
    containers.filter((c) => c.State === "running").map((c) => c.Id),
    call,
  );
  // A disabled server has no canary by design: it is up when Docker and its remaining relays answer.
  if (server.enabled && canary.relay?.state !== "running" && !canary.problem) seen.problems.push("the canary is not running");
  seen.status = seen.problems.length ? "degraded" : "up";
  return seen;
}

/**
 * Customer relays (lib/containers owns their life): the health check records what it sees — a relay whose
 * container stopped or vanished is marked so (reconciliation starts or recreates it), and the server is degraded.
 */
async function observeCustomerRelays(db: DbOrTx, server: Server, containers: Docker.ContainerInfo[], problems: string[]): Promise<Relay[]> {
  const rows = await db
    .select()
    .from(relays)
    .where(and(eq(relays.serverId, server.id), eq(relays.kind, "customer"), ne(relays.state, "released")));
  const out: Relay[] = [];
  for (const row of rows) {
    const container = containers.find((c) => c.Labels?.[RELAY_LABEL.relayId] === row.id);
    if (row.state !== "running") {
      out.push(row);
      continue;
    }
    if (container?.State === "running") {
      out.push(row);
      continue;
    }
    const seenState: RelayState = container ? "stopped" : "failed";
    const reason = container ? `container ${container.State} (${container.Status})` : "container missing";
    problems.push(`relay ${row.containerName}: ${reason}`);
    // Through the relay state's one door, so the customer's history and the system log show it too.
    out.push(await setRelayState(db, row, seenState, { reason: "health", detail: reason }));
  }
  return out;
}

/**
 * Status, host info and the log entry of a change (recordServerCheck, shared with the connection test) and the
 * load sample, in one transaction; the server row is locked so that two checks at once log one change.
 */
async function record(db: DbOrTx, server: Server, o: Observation, error: string | null, at: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [current] = await tx.select({ status: servers.status }).from(servers).where(eq(servers.id, server.id)).for("update");
    if (!current) return false;
    const hostInfo: HostInfo | undefined = o.hostInfo
      ? { dockerVersion: o.hostInfo.dockerVersion, cpus: o.hostInfo.cpus, memoryBytes: o.hostInfo.memoryBytes, containersRunning: o.hostInfo.containersRunning }
      : undefined;
    await recordServerCheck(tx, { id: server.id, name: server.name, status: current.status }, { status: o.status, error, hostInfo });
    const relaysRunning = o.relaysRunning ?? (await countBelievedRunning(tx, server.id));
    await tx.insert(serverLoadSamples).values({
      serverId: server.id,
      at,
      status: o.status,
      relaysRunning,
      capacity: server.capacity,
      relayCpuPercent: o.stats?.cpuPercent ?? null,
      relayMemoryBytes: o.stats?.memoryBytes ?? null,
      hostCpus: o.hostInfo?.cpus ?? null,
      hostMemoryBytes: o.hostInfo?.memoryBytes ?? null,
    });
    return current.status !== o.status;
  });
}

/** Docker unreachable: the relays the platform believes run (customer ones; the canary is not sold capacity). */
async function countBelievedRunning(db: DbOrTx, serverId: string): Promise<number> {
  const rows = await db
    .select({ id: relays.id })
    .from(relays)
    .where(and(eq(relays.serverId, serverId), eq(relays.kind, "customer"), eq(relays.state, "running")));
  return rows.length;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export type HealthCheckItem = { serverId: string; name: string; status: ServerStatus; error: string | null; checkedAt: string };

/** `GET /api/server/health_check`: every server checked now (admins only); the same check as the job's. */
export async function checkFleetNow(db: DbOrTx, actor: SessionUser, options: HealthOptions = {}): Promise<HealthCheckItem[]> {
  assertAdmin(actor);
  const results = await runFleetHealth(db, options);
  return results.map((r) => ({ serverId: r.serverId, name: r.name, status: r.status, error: r.error, checkedAt: r.checkedAt.toISOString() }));
}
