import type { Relay, Rental } from "@/db/schema";

/**
 * What reconciliation does about one relay of a reachable server, from its row, its rental and its container as
 * listed: a pure decision, so every case is written once and read in one place. Only customer relays come
 * here; the canary is the health job's.
 */

/** A row left in `creating` longer than this was left by a run that died (allocation retries after 2 min). */
export const ABANDONED_CREATING_MS = 10 * 60_000;

export type SeenContainer = { name: string; relayId: string | null; running: boolean; image: string; configHash: string | null };

export type Decision =
  | { act: "none" }
  /** A container without a live row: it and its key volume go. */
  | { act: "remove"; reason: string }
  /** A live row that must end (rental over, creation abandoned): the row is released and its container removed. */
  | { act: "release"; reason: string }
  | { act: "deploy"; reason: string }
  | { act: "start"; reason: string }
  | { act: "stop"; reason: string }
  /** Runs as it should: compare image and configuration hash, recreate on drift. */
  | { act: "verify" };

/** Rental statuses whose relays are stopped (kept for a renewal or more quota). */
const STOPPED_STATUSES = new Set(["over_quota", "expired", "suspended"]);

type Row = Pick<Relay, "kind" | "state" | "stateReason" | "stateChangedAt">;

export function decide(row: Row | null, rental: Pick<Rental, "status"> | null, container: SeenContainer | null, at: Date): Decision {
  if (!row) return container ? { act: "remove", reason: "no relay has this id" } : { act: "none" };
  // A customer-labelled container of a canary row is nobody's case here: removing it would take the canary's key.
  if (row.kind !== "customer") return { act: "none" };
  if (row.state === "released") return container ? { act: "remove", reason: "the relay is released" } : { act: "none" };
  if (row.state === "creating") {
    // A young row is an allocation (or a move) at work: its container may appear any moment; hands off.
    if (at.getTime() - row.stateChangedAt.getTime() < ABANDONED_CREATING_MS) return { act: "none" };
    return { act: "release", reason: "its creation was abandoned" };
  }
  if (!rental || rental.status === "released") return { act: "release", reason: "its rental is over" };

  const want = wanted(row, rental);
  if (want === "stop") return container?.running ? { act: "stop", reason: stopReason(row, rental) } : { act: "none" };
  if (want === "leave") return { act: "none" };
  if (!container) return { act: "deploy", reason: "its container is missing" };
  if (!container.running) return { act: "start", reason: "its container is stopped" };
  if (row.state !== "running") return { act: "start", reason: `its container runs while the relay was ${row.state}` };
  return { act: "verify" };
}

/**
 * Should the relay run? An active rental's relay runs unless someone stopped it on purpose; a relay the health
 * check found stopped or missing (its reasons start with "container") does not count as stopped on purpose.
 * A pending rental belongs to allocation (a renewal restarts its stopped node there), except a relay that runs.
 */
function wanted(row: Row, rental: Pick<Rental, "status">): "run" | "stop" | "leave" {
  if (STOPPED_STATUSES.has(rental.status)) return "stop";
  if (rental.status === "pending") return row.state === "running" ? "run" : "leave";
  if (row.state === "running" || row.state === "failed") return "run";
  return row.stateReason?.startsWith("container") ? "run" : "stop";
}

function stopReason(row: Row, rental: Pick<Rental, "status">): string {
  return STOPPED_STATUSES.has(rental.status) ? `its rental is ${rental.status}` : `it was stopped (${row.stateReason ?? "by an admin"})`;
}

/** What reconciliation did, per server (exported again by ./reconcile.ts for the admin page). */
export type ReconcileAction = { kind: "recreated" | "removed" | "started" | "stopped"; relayId: string | null; container: string; reason: string };
export type ServerReconcile = { serverId: string; name: string; reachable: boolean; actions: ReconcileAction[]; error?: string };
export type ReconcileReport = { startedAt: Date; servers: ServerReconcile[] };
export type ReconcileOptions = {
  actorId?: string | null;
  readyTimeoutMs?: number;
  /** Only these servers (and HA nodes on them): the admin page's "this server", and tests on a shared engine. */
  serverIds?: readonly string[];
};
