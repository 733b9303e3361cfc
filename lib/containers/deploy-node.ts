import type { DbOrTx } from "@/db/client";
import type { Relay, Server } from "@/db/schema";
import { deployRelayContainer, relayConfigHash, removeRelayContainer, startRelayContainer } from "@/lib/fleet/relays/relay-container";
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
const NO_BASELINE = { lastDerpBytes: null, lastDockerBytes: null } as const;

export const READY_TIMEOUT_MS = 20_000;

export async function deployNode(db: DbOrTx, server: Server, relay: Relay, opts: DeployOptions): Promise<Relay> {
  const client = serverDockerClient(server);
  const options = await customerRelayOptions(db, relay);
  const configHash = relayConfigHash(server, relay, options);
  const containerId = await deployRelayContainer(client, server, relay, options);
  await untilAnswering(server, relay, opts.readyTimeoutMs);
  return setRelayState(db, relay, "running", { reason: opts.reason, actorId: opts.actorId, set: { containerId, image: options.image, configHash, ...NO_BASELINE } });
}

/** Starts a stopped relay's existing container (same ports, certificate and key) and waits for its probe. */
export async function startNode(db: DbOrTx, server: Server, relay: Relay, opts: DeployOptions): Promise<Relay> {
  const client = serverDockerClient(server);
  const started = await startRelayContainer(client, relay);
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
