import type { DbOrTx } from "@/db/client";
import type { Relay, Server } from "@/db/schema";
import { deployRelayContainer, isStatus, relayConfigHash, removeRelayContainer, startRelayContainer } from "@/lib/fleet/relays/relay-container";
import { waitUntilAnswering } from "@/lib/fleet/relays/relay-ready";
import { serverDockerClient } from "@/lib/fleet/servers/docker-connection";
import { customerRelayOptions } from "./relay-runtime";
import { setRelayState } from "./relay-state";

/**
 * Bringing one customer relay up on its server: create (or adopt) and start the container, then wait until
 * `/derp/probe` answers with the pinned certificate. Only then is the relay `running`. Errors are thrown to
 * the caller, which decides what a failure means (another server, or `failed` for a retry).
 */

export type DeployOptions = {
  readyTimeoutMs?: number;
  reason: string;
  actorId?: string | null;
  /** The container was just (re)started by the caller (a restart): its counters begin at zero. */
  freshCounters?: boolean;
};

/**
 * A container that starts has derper's and Docker's counters at zero: the traffic sampler's baseline goes, so
 * its first reading counts the whole counter (lib/containers/traffic/delta.ts).
 */
export const NO_BASELINE = { lastDerpBytes: null, lastDockerBytes: null } as const;

export const READY_TIMEOUT_MS = 20_000;

export async function deployNode(db: DbOrTx, server: Server, relay: Relay, opts: DeployOptions): Promise<Relay> {
  const made = await bringUpNode(db, server, relay, opts.readyTimeoutMs);
  return setRelayState(db, relay, "running", { reason: opts.reason, actorId: opts.actorId, set: made });
}

export type BroughtUp = { containerId: string; image: string; configHash: string; lastDerpBytes: null; lastDockerBytes: null };

/**
 * deployNode without the state change: a move brings the new node up first and records it together with the
 * release of the old one, in one transaction (lib/containers/move-relay.ts).
 */
export async function bringUpNode(db: DbOrTx, server: Server, relay: Relay, readyTimeoutMs?: number): Promise<BroughtUp> {
  const client = serverDockerClient(server);
  const options = await customerRelayOptions(db, relay);
  const configHash = relayConfigHash(server, relay, options);
  const containerId = await deployRelayContainer(client, server, relay, options);
  await untilAnswering(server, relay, readyTimeoutMs);
  return { containerId, image: options.image, configHash, ...NO_BASELINE };
}

/**
 * Starts a stopped relay's existing container (same ports, certificate and key) and waits for its probe. A
 * container removed meanwhile (by hand, or by a host rebuilt) is created again from the row: same ports,
 * certificate and key volume when it survived, so the customer's DERP map stays valid either way.
 */
export async function startNode(db: DbOrTx, server: Server, relay: Relay, opts: DeployOptions): Promise<Relay> {
  const client = serverDockerClient(server);
  let started: boolean;
  try {
    started = await startRelayContainer(client, relay);
  } catch (error) {
    if (!isStatus(error, 404)) throw error;
    return deployNode(db, server, relay, opts);
  }
  await untilAnswering(server, relay, opts.readyTimeoutMs);
  // A container found running already kept its counters (a restart that failed half-way, a host that came
  // back): the baseline stays and the next reading counts only its growth.
  const set = started || opts.freshCounters ? NO_BASELINE : {};
  return setRelayState(db, relay, "running", { reason: opts.reason, actorId: opts.actorId, set });
}

/** Removes a half-made container; a dead host cannot answer, and reconciliation removes it later then. */
export async function removeHalfMade(server: Server, relay: Relay): Promise<string | null> {
  try {
    await removeRelayContainer(serverDockerClient(server), relay, { call: { timeoutMs: 10_000 } });
    return null;
  } catch (error) {
    return errorMessage(error);
  }
}

async function untilAnswering(server: Server, relay: Relay, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
  const probe = await waitUntilAnswering(server, relay, timeoutMs);
  if (!probe.ok) throw new Error(`the relay did not answer /derp/probe with its certificate within ${Math.round(timeoutMs / 1000)} s: ${probe.error}`);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
