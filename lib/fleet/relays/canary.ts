import { randomUUID } from "node:crypto";
import type Docker from "dockerode";
import { and, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { relays, type Relay, type RelayState, type Server } from "@/db/schema";
import { now as clockNow } from "@/lib/clock";
import { randomToken } from "@/lib/crypto/random-token";
import { writeSystemLog } from "@/lib/logs/system-log";
import type { DockerCallOptions, DockerClient } from "../docker-client";
import { certificateReplacementReason, issueRelayCertificate } from "./relay-certificate";
import {
  admissionUrlFor,
  deployRelayContainer,
  RELAY_LABEL,
  relayContainerName,
  removeRelayContainer,
  startRelayContainer,
} from "./relay-container";
import { constraintOf, insertRelayWithPorts } from "./relay-ports";
import { waitUntilAnswering } from "./relay-ready";

/**
 * The canary: one unsold derper on every enabled server, so that health and latency are known before the
 * first customer. The health job calls `reconcileCanary` once per check:
 *
 * - missing row → reserve ports, make the certificate, create and start the container;
 * - container stopped or gone while the row says running → record it (the server shows `degraded`) and do NOT
 *   repair yet: an operator who stops it by hand sees the effect, and a flapping container is visible;
 * - still stopped or gone `repairAfterMs` after that was recorded → start it, or create it again;
 * - certificate close to its end, or the server's address or naming changed → new certificate, new container;
 * - server disabled → container, key volume and row (released) removed.
 */

export type CanaryContext = {
  image: string;
  repairAfterMs: number;
  /** Our containers on the server, listed once per check. */
  containers: Docker.ContainerInfo[];
  call?: DockerCallOptions;
  /** How long a (re)started canary may take to answer /derp/probe before the check goes on. */
  readyTimeoutMs?: number;
};

export type CanaryAction = "none" | "created" | "started" | "recreated" | "renewed" | "removed" | "recorded";

export type CanaryResult = {
  relay: Relay | null;
  action: CanaryAction;
  /** Why the canary does not count as running; null when it does. */
  problem: string | null;
};

const READY_TIMEOUT_MS = 15_000;

export async function findCanary(db: DbOrTx, serverId: string): Promise<Relay | null> {
  const [row] = await db
    .select()
    .from(relays)
    .where(and(eq(relays.serverId, serverId), eq(relays.kind, "canary"), ne(relays.state, "released")));
  return row ?? null;
}

export async function reconcileCanary(db: DbOrTx, server: Server, client: DockerClient, ctx: CanaryContext): Promise<CanaryResult> {
  await removeOrphanCanaries(db, client, ctx);
  const row = await findCanary(db, server.id);
  if (!server.enabled) {
    if (!row) return { relay: null, action: "none", problem: null };
    await removeCanary(db, server, client, row, { call: ctx.call });
    return { relay: null, action: "removed", problem: null };
  }
  if (!row) return createCanary(db, server, client, ctx);

  const container = ctx.containers.find((c) => c.Labels?.[RELAY_LABEL.relayId] === row.id);
  const renewal = certificateReplacementReason(server, row);
  if (renewal) return renewCanary(db, server, client, row, ctx, renewal);

  if (container?.State === "running") {
    if (row.state !== "running" || row.containerId !== container.Id) {
      return { relay: await setState(db, row, "running", null, container.Id), action: "none", problem: null };
    }
    return { relay: row, action: "none", problem: null };
  }

  const observed = container ? `the canary container is ${container.State} (${container.Status})` : "the canary container is missing";
  const observedState: RelayState = container ? "stopped" : "failed";
  if (row.state === "running") {
    // First sighting: record it, leave the repair to a later check.
    const relay = await setState(db, row, observedState, observed, container?.Id ?? null);
    await writeSystemLog(db, { level: "warn", source: "fleet", message: `${observed} on server ${server.name}`, context: { serverId: server.id, relayId: row.id } });
    return { relay, action: "recorded", problem: observed };
  }
  const since = clockNow().getTime() - row.stateChangedAt.getTime();
  if (since < ctx.repairAfterMs) {
    return { relay: row, action: "none", problem: `${observed}; repair in ${Math.ceil((ctx.repairAfterMs - since) / 1000)} s` };
  }
  try {
    let action: CanaryAction;
    let containerId: string;
    if (container && container.State !== "dead" && container.State !== "removing") {
      await startRelayContainer(client, row, ctx.call);
      action = "started";
      containerId = container.Id;
    } else {
      await removeRelayContainer(client, row, { keepKey: true, call: ctx.call });
      containerId = await deployRelayContainer(client, server, row, { image: ctx.image, admissionUrl: canaryAdmissionUrl(), call: ctx.call });
      action = "recreated";
    }
    const relay = await setState(db, row, "running", null, containerId);
    await writeSystemLog(db, { level: "info", source: "fleet", message: `canary ${action} on server ${server.name}`, context: { serverId: server.id, relayId: row.id, was: observed } });
    await waitUntilAnswering(server, relay, ctx.readyTimeoutMs ?? READY_TIMEOUT_MS);
    return { relay, action, problem: null };
  } catch (error) {
    const reason = `repairing the canary failed: ${message(error)}`;
    const relay = await setState(db, row, "failed", reason, row.containerId);
    return { relay, action: "none", problem: reason };
  }
}

/** Removes the canary's container, key volume and reservation (server disabled or about to be deleted). */
export async function removeCanary(
  db: DbOrTx,
  server: Pick<Server, "id" | "name">,
  client: DockerClient,
  row: Relay,
  options: { reason?: string; call?: DockerCallOptions } = {},
): Promise<void> {
  await removeRelayContainer(client, row, { call: options.call });
  await setState(db, row, "released", options.reason ?? "server disabled", null);
  await writeSystemLog(db, { level: "info", source: "fleet", message: `canary removed from server ${server.name}`, context: { serverId: server.id, relayId: row.id } });
}

async function createCanary(db: DbOrTx, server: Server, client: DockerClient, ctx: CanaryContext): Promise<CanaryResult> {
  const id = randomUUID();
  let row: Relay;
  try {
    const certificate = await issueRelayCertificate(server, id);
    row = await insertRelayWithPorts(db, server, {
      id,
      kind: "canary",
      containerName: relayContainerName(id),
      ...certificate,
      state: "creating",
      stateChangedAt: clockNow(),
    });
  } catch (error) {
    if (constraintOf(error) === "relays_one_canary_uq") {
      // Another check created it at the same moment; the next check looks after it.
      return { relay: await findCanary(db, server.id), action: "none", problem: "the canary is being created" };
    }
    return { relay: null, action: "none", problem: `creating the canary failed: ${message(error)}` };
  }
  try {
    const containerId = await deployRelayContainer(client, server, row, { image: ctx.image, admissionUrl: canaryAdmissionUrl(), call: ctx.call });
    const relay = await setState(db, row, "running", null, containerId);
    await writeSystemLog(db, {
      level: "info",
      source: "fleet",
      message: `canary created on server ${server.name}`,
      context: { serverId: server.id, relayId: id, derpPort: row.derpPort, stunPort: row.stunPort, certName: row.certName },
    });
    await waitUntilAnswering(server, relay, ctx.readyTimeoutMs ?? READY_TIMEOUT_MS);
    return { relay, action: "created", problem: null };
  } catch (error) {
    // Never started: its key volume holds no identity anyone relies on.
    await removeRelayContainer(client, row, { call: ctx.call }).catch(() => undefined);
    const reason = `starting the canary failed: ${message(error)}`;
    return { relay: await setState(db, row, "failed", reason, null), action: "none", problem: reason };
  }
}

async function renewCanary(db: DbOrTx, server: Server, client: DockerClient, row: Relay, ctx: CanaryContext, why: string): Promise<CanaryResult> {
  try {
    const certificate = await issueRelayCertificate(server, row.id);
    const [renewed] = await db
      .update(relays)
      .set({ ...certificate, updatedAt: clockNow() })
      .where(eq(relays.id, row.id))
      .returning();
    // derper reads its certificate only at start: a new one means a new container (same key volume).
    await removeRelayContainer(client, renewed, { keepKey: true, call: ctx.call });
    const containerId = await deployRelayContainer(client, server, renewed, { image: ctx.image, admissionUrl: canaryAdmissionUrl(), call: ctx.call });
    const relay = await setState(db, renewed, "running", null, containerId);
    await writeSystemLog(db, {
      level: "info",
      source: "fleet",
      message: `canary certificate replaced on server ${server.name}: ${why}`,
      context: { serverId: server.id, relayId: row.id, certName: relay.certName, certExpiresAt: relay.certExpiresAt?.toISOString() },
    });
    await waitUntilAnswering(server, relay, ctx.readyTimeoutMs ?? READY_TIMEOUT_MS);
    return { relay, action: "renewed", problem: null };
  } catch (error) {
    const reason = `replacing the canary's certificate failed (${why}): ${message(error)}`;
    return { relay: await setState(db, row, "failed", reason, row.containerId), action: "none", problem: reason };
  }
}

/** Canary containers of ours whose row is released or gone: left behind by a crash or a restored database. */
async function removeOrphanCanaries(db: DbOrTx, client: DockerClient, ctx: CanaryContext): Promise<void> {
  const canaries = ctx.containers.filter((c) => c.Labels?.[RELAY_LABEL.kind] === "canary");
  for (const c of canaries) {
    const relayId = c.Labels[RELAY_LABEL.relayId];
    const [row] = relayId && /^[0-9a-f-]{36}$/.test(relayId) ? await db.select({ state: relays.state }).from(relays).where(eq(relays.id, relayId)) : [];
    if (!row || row.state === "released") {
      await removeRelayContainer(client, { id: relayId ?? "", containerName: c.Id }, { keepKey: !relayId, call: ctx.call });
    }
  }
}

async function setState(db: DbOrTx, row: Relay, state: RelayState, reason: string | null, containerId: string | null): Promise<Relay> {
  const at = clockNow();
  const changed = row.state !== state;
  const [updated] = await db
    .update(relays)
    .set({ state, stateReason: reason, containerId, ...(changed ? { stateChangedAt: at } : {}), updatedAt: at })
    .where(eq(relays.id, row.id))
    .returning();
  return updated ?? row;
}

/**
 * Nobody knows the canary's admission secret, so derper refuses every client (admission fails closed): the
 * canary serves probes, never traffic.
 */
function canaryAdmissionUrl(): string {
  return admissionUrlFor(randomToken("canary_"));
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
