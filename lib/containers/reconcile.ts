import { and, asc, eq, inArray, ne, or } from "drizzle-orm";
import type Docker from "dockerode";
import type { Db } from "@/db/client";
import { relays, rentals, servers, type Relay, type Rental, type Server } from "@/db/schema";
import { now } from "@/lib/clock";
import { mapWithConcurrency } from "@/lib/fleet/concurrency";
import type { DockerClient } from "@/lib/fleet/docker-client";
import {
  listRelayContainers,
  RELAY_LABEL,
  relayConfigHash,
  removeRelayContainer,
  stopRelayContainer,
} from "@/lib/fleet/relays/relay-container";
import { certificateReplacementReason, issueRelayCertificate } from "@/lib/fleet/relays/relay-certificate";
import { serverDockerClient } from "@/lib/fleet/servers/docker-connection";
import { writeSystemLog } from "@/lib/logs/system-log";
import { deployNode, errorMessage, startNode } from "./deploy-node";
import { recoverHaNodes } from "./ha-recovery";
import { releaseRelay } from "./relay-lifecycle";
import { customerRelayOptions } from "./relay-runtime";
import { setRelayState } from "./relay-state";
import { decide, type Decision, type ReconcileAction, type ReconcileOptions, type ReconcileReport, type SeenContainer, type ServerReconcile } from "./reconcile-plan";
import { tellMapChanged } from "./tell-map-changed";
import { finalTrafficSample } from "./traffic-final-sample";

export type { ReconcileAction, ReconcileOptions, ReconcileReport, ServerReconcile } from "./reconcile-plan";

/**
 * Makes each reachable server's customer containers agree with the database (README, "Reconciliation"): the
 * rules are in ./reconcile-plan.ts, the doing here. A server that does not answer changes nothing: no row is
 * freed and no state is set on a guess. HA nodes on lost servers are moved first (./ha-recovery.ts), so a
 * surviving node whose peer changed is recreated only after its new peer runs.
 */

const LIST_TIMEOUT_MS = 15_000;
const SERVER_CONCURRENCY = 4;
/** Keeps `in (...)` valid when the caller's list is empty. */
const NO_SERVER = "00000000-0000-0000-0000-000000000000";

export async function reconcileAll(db: Db, opts: ReconcileOptions = {}): Promise<ReconcileReport> {
  const startedAt = now();
  const ha = await recoverHaNodes(db, opts);
  const enabled = await db
    .select()
    .from(servers)
    .where(and(eq(servers.enabled, true), opts.serverIds ? inArray(servers.id, [...opts.serverIds, NO_SERVER]) : undefined))
    .orderBy(asc(servers.name));
  const results = await mapWithConcurrency(enabled, SERVER_CONCURRENCY, (server) => reconcileServer(db, server, opts));
  for (const move of ha.moves) results.find((r) => r.serverId === move.serverId)?.actions.unshift(move.action);
  const actions = results.flatMap((r) => r.actions);
  const unreachable = results.filter((r) => !r.reachable).map((r) => r.name);
  const failed = [...ha.failures, ...results.flatMap((r) => (r.error && r.reachable ? [`${r.name}: ${r.error}`] : []))];
  await writeSystemLog(db, {
    level: failed.length || unreachable.length ? "warn" : "info",
    source: "containers",
    message: `reconciliation: ${results.length} server(s), ${actions.length} action(s), ${unreachable.length} unreachable, ${failed.length} failure(s)`,
    context: { counts: countKinds(actions), unreachable, failures: failed.slice(0, 20), haMoves: ha.moves.length },
  });
  return { startedAt, servers: results };
}

export async function reconcileServer(db: Db, server: Server, opts: ReconcileOptions = {}): Promise<ServerReconcile> {
  const result: ServerReconcile = { serverId: server.id, name: server.name, reachable: true, actions: [] };
  const client = serverDockerClient(server);
  let listed: Docker.ContainerInfo[];
  try {
    listed = await listRelayContainers(client, server.id, { timeoutMs: LIST_TIMEOUT_MS });
  } catch (error) {
    await writeSystemLog(db, {
      level: "warn",
      source: "containers",
      message: `reconciliation: server ${server.name} did not answer; nothing changed there`,
      context: { serverId: server.id, error: errorMessage(error) },
    });
    return { ...result, reachable: false, error: errorMessage(error) };
  }
  // Rows are read after the listing: a relay reserved since then is young `creating` and left alone, while a
  // container made since then is simply not seen this time. Never the other way round (a container without
  // the row that was just inserted for it).
  const seen = listed.filter((c) => c.Labels?.[RELAY_LABEL.kind] === "customer").map(toSeen);
  const ids = seen.flatMap((c) => (c.relayId && isUuid(c.relayId) ? [c.relayId] : []));
  const rows = await db
    .select()
    .from(relays)
    .where(or(and(eq(relays.serverId, server.id), eq(relays.kind, "customer"), ne(relays.state, "released")), ids.length ? inArray(relays.id, ids) : undefined));
  const rentalIds = [...new Set(rows.flatMap((r) => (r.rentalId ? [r.rentalId] : [])))];
  const rentalRows = rentalIds.length ? await db.select().from(rentals).where(inArray(rentals.id, rentalIds)) : [];
  const rentalOf = (row: Relay) => rentalRows.find((r) => r.id === row.rentalId) ?? null;
  const rowOf = new Map(rows.map((r) => [r.id, r]));

  const work: { row: Relay | null; container: SeenContainer | null }[] = [];
  for (const container of seen) {
    const row = container.relayId ? (rowOf.get(container.relayId) ?? null) : null;
    // The container's label names this server while its row names another: never seen in practice, and
    // removing it could take a key volume the other row still uses on a shared engine. Left for a person.
    if (row && row.serverId !== server.id) continue;
    work.push({ row, container });
  }
  for (const row of rows) if (row.serverId === server.id && row.state !== "released" && !seen.some((c) => c.relayId === row.id)) work.push({ row, container: null });

  const errors: string[] = [];
  const at = now();
  for (const item of work) {
    const { container } = item;
    let row = item.row;
    let decision = decide(row, row && rentalOf(row), container, at);
    if (decision.act === "none") continue;
    const name = container?.name ?? row?.containerName ?? "?";
    try {
      // The rental job and admins act on relays too (a quota stop is container first, then row). Read the row
      // and rental again just before acting and skip when the decision changed: the next run sees it settled.
      if (row) {
        const fresh = await reread(db, row.id);
        const again = decide(fresh.row, fresh.rental, container, now());
        if (again.act !== decision.act) continue;
        row = fresh.row;
        decision = again;
      }
      const action = await carryOut(db, server, client, row, container, decision, opts);
      if (!action) continue;
      result.actions.push(action);
      await writeSystemLog(db, {
        level: "info",
        source: "containers",
        message: `reconciliation on ${server.name}: ${action.kind} ${action.container} (${action.reason})`,
        context: { serverId: server.id, relayId: action.relayId, kind: action.kind, actorId: opts.actorId ?? null },
      });
    } catch (error) {
      errors.push(`${name}: ${errorMessage(error)}`);
      await writeSystemLog(db, {
        level: "warn",
        source: "containers",
        message: `reconciliation on ${server.name}: ${decision.act} of ${name} failed`,
        context: { serverId: server.id, relayId: row?.id ?? null, error: errorMessage(error) },
      });
    }
  }
  return errors.length ? { ...result, error: errors.join("; ").slice(0, 2000) } : result;
}

async function carryOut(
  db: Db,
  server: Server,
  client: DockerClient,
  row: Relay | null,
  container: SeenContainer | null,
  decision: Exclude<Decision, { act: "none" }>,
  opts: ReconcileOptions,
): Promise<ReconcileAction | null> {
  const actorId = opts.actorId ?? null;
  const done = (kind: ReconcileAction["kind"], reason: string): ReconcileAction => ({
    kind,
    relayId: row?.id ?? null,
    container: container?.name ?? row?.containerName ?? "?",
    reason,
  });
  if (decision.act === "remove") {
    // Without a relay id there is no key volume of ours to name; the container alone goes.
    const relayId = container!.relayId;
    await removeRelayContainer(client, { id: relayId ?? "", containerName: container!.name }, { keepKey: !relayId });
    return done("removed", decision.reason);
  }
  const relay = row!;
  switch (decision.act) {
    case "release":
      await releaseRelay(db, relay.id, { reason: "reconcile", actorId });
      return done("removed", decision.reason);
    case "deploy":
      await holdSampling(db, relay, actorId, decision.reason);
      await failOnError(db, relay, actorId, () => deployNode(db, server, relay, { reason: "reconcile", actorId, readyTimeoutMs: opts.readyTimeoutMs }));
      return done("recreated", decision.reason);
    case "start":
      await failOnError(db, relay, actorId, () => startNode(db, server, relay, { reason: "reconcile", actorId, readyTimeoutMs: opts.readyTimeoutMs }));
      return done("started", decision.reason);
    case "stop":
      if (relay.state === "running") await finalTrafficSample(db, relay);
      await stopRelayContainer(client, relay);
      if (relay.state !== "stopped") await setRelayState(db, relay, "stopped", { reason: "reconcile", detail: decision.reason, actorId });
      return done("stopped", decision.reason);
    case "verify": {
      const renewal = certificateReplacementReason(server, relay);
      if (renewal) {
        await renewCertificate(db, server, client, relay, actorId, renewal, opts.readyTimeoutMs);
        return done("recreated", renewal);
      }
      const drift = await driftOf(db, server, relay, container!);
      if (!drift) return null;
      await recreate(db, server, client, relay, actorId, drift, opts.readyTimeoutMs);
      return done("recreated", drift);
    }
  }
}

/** Why the running container is not what the row makes now (image, or the configuration hash), or null. */
async function driftOf(db: Db, server: Server, relay: Relay, container: SeenContainer): Promise<string | null> {
  const options = await customerRelayOptions(db, relay);
  if (container.image !== options.image) return `its image is ${container.image}, not ${options.image}`;
  const hash = relayConfigHash(server, relay, options);
  return container.configHash === hash ? null : "its configuration changed";
}

/** The same relay again: same row, ports, certificate and key volume, a new container from today's settings. */
async function recreate(db: Db, server: Server, client: DockerClient, relay: Relay, actorId: string | null, why: string, readyTimeoutMs?: number): Promise<void> {
  await finalTrafficSample(db, relay);
  await holdSampling(db, relay, actorId, why);
  await removeRelayContainer(client, relay, { keepKey: true });
  // bringUpNode's result clears the counter baselines: the new container's counters start at zero.
  await failOnError(db, relay, actorId, () => deployNode(db, server, relay, { reason: "reconcile", actorId, readyTimeoutMs }));
}

/**
 * A new certificate before the old one ends (IP relays: 30 days before; domain relays: when the server's wildcard
 * certificate or naming changed), then the same relay in a new container serving it. The row and its new
 * certificate change in one step (the owner's DERP map follows there); a new CertName is mailed to the customer.
 */
async function renewCertificate(db: Db, server: Server, client: DockerClient, relay: Relay, actorId: string | null, why: string, readyTimeoutMs?: number): Promise<void> {
  if (relay.state === "running") await finalTrafficSample(db, relay);
  const certificate = await issueRelayCertificate(server, relay.id);
  const renewed = await setRelayState(db, relay, "stopped", { reason: "reconcile", detail: `renewing its certificate: ${why}`, actorId, set: certificate });
  await removeRelayContainer(client, relay, { keepKey: true });
  await failOnError(db, renewed, actorId, () => deployNode(db, server, renewed, { reason: "reconcile", actorId, readyTimeoutMs }));
  if (renewed.rentalId && renewed.certName !== relay.certName) {
    await tellMapChanged(db, { id: renewed.rentalId, userId: await ownerOf(db, renewed.rentalId) }, server, renewed, "certificate");
  }
}

async function ownerOf(db: Db, rentalId: string): Promise<string> {
  const [row] = await db.select({ userId: rentals.userId }).from(rentals).where(eq(rentals.id, rentalId));
  return row.userId;
}

/**
 * A running relay about to get a new container is marked `stopped` first: the traffic sampler reads only running
 * relays, so no reading can pair the new container's counters with the old baseline (counted twice otherwise).
 */
async function holdSampling(db: Db, relay: Relay, actorId: string | null, why: string): Promise<void> {
  if (relay.state === "running") await setRelayState(db, relay, "stopped", { reason: "reconcile", detail: `recreating: ${why}`, actorId });
}

/** A relay that could not be brought up is `failed` (allocation and the next reconciliation try again). */
async function failOnError(db: Db, relay: Relay, actorId: string | null, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    await setRelayState(db, relay, "failed", { reason: "reconcile", detail: errorMessage(error).slice(0, 500), actorId });
    throw error;
  }
}

async function reread(db: Db, relayId: string): Promise<{ row: Relay | null; rental: Rental | null }> {
  const [found] = await db.select({ row: relays, rental: rentals }).from(relays).leftJoin(rentals, eq(rentals.id, relays.rentalId)).where(eq(relays.id, relayId));
  return { row: found?.row ?? null, rental: found?.rental ?? null };
}

function toSeen(c: Docker.ContainerInfo): SeenContainer {
  return {
    name: (c.Names?.[0] ?? c.Id).replace(/^\//, ""),
    relayId: c.Labels?.[RELAY_LABEL.relayId] ?? null,
    running: c.State === "running",
    image: c.Image,
    configHash: c.Labels?.[RELAY_LABEL.configHash] ?? null,
  };
}

function isUuid(text: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);
}

function countKinds(actions: ReconcileAction[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of actions) counts[a.kind] = (counts[a.kind] ?? 0) + 1;
  return counts;
}

