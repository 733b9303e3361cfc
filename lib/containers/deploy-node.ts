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

export type DeployOptions = { readyTimeoutMs?: number; reason: string; actorId?: string | null };

export const READY_TIMEOUT_MS = 20_000;

export async function deployNode(db: DbOrTx, server: Server, relay: Relay, opts: DeployOptions): Promise<Relay> {
  const made = await bringUpNode(db, server, relay, opts.readyTimeoutMs);
  return setRelayState(db, relay, "running", { reason: opts.reason, actorId: opts.actorId, set: made });
}

export type BroughtUp = { containerId: string; image: string; configHash: string };

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
  return { containerId, image: options.image, configHash };
}

/**
 * Starts a stopped relay's existing container (same ports, certificate and key) and waits for its probe. A
 * container removed meanwhile (by hand, or by a host rebuilt) is created again from the row: same ports,
 * certificate and key volume when it survived, so the customer's DERP map stays valid either way.
 */
export async function startNode(db: DbOrTx, server: Server, relay: Relay, opts: DeployOptions): Promise<Relay> {
  const client = serverDockerClient(server);
  try {
    await startRelayContainer(client, relay);
  } catch (error) {
    if (!isStatus(error, 404)) throw error;
    return deployNode(db, server, relay, opts);
  }
  await untilAnswering(server, relay, opts.readyTimeoutMs);
  return setRelayState(db, relay, "running", { reason: opts.reason, actorId: opts.actorId });
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
