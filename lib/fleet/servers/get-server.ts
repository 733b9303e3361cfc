import { and, asc, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { relays, type HostInfo, type RelayState, type ServerStatus } from "@/db/schema";
import { assertAdmin } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/current-user";
import { readServerView } from "./read-servers";
import type { ServerLatency, ServerLoad, ServerView } from "./server-view";

/** Admins only. One server without its secrets; 404 server_unknown. */
export async function getServer(db: DbOrTx, actor: SessionUser, id: string): Promise<ServerView> {
  assertAdmin(actor);
  return readServerView(db, id);
}

export interface RelaySummary {
  id: string;
  kind: "canary" | "customer";
  containerName: string;
  state: RelayState;
  stateReason: string | null;
  stateChangedAt: Date;
  derpPort: number;
  stunPort: number;
  hostname: string;
  certName: string | null;
  certExpiresAt: Date | null;
  lastProbeAt: Date | null;
  lastProbeOk: boolean | null;
}

export interface ServerStatusView {
  id: string;
  name: string;
  enabled: boolean;
  draining: boolean;
  status: ServerStatus;
  statusChangedAt: Date | null;
  lastCheckedAt: Date | null;
  lastError: string | null;
  hostInfo: HostInfo | null;
  load: ServerLoad;
  latency: ServerLatency;
  /** Every relay that is not released: the canary first, then customers' by port. */
  relays: RelaySummary[];
}

/** Admins only. What `GET /api/server/status/<id>` answers: health, load, latest latency and the relays. */
export async function getServerStatus(db: DbOrTx, actor: SessionUser, id: string): Promise<ServerStatusView> {
  assertAdmin(actor);
  const view = await readServerView(db, id);
  return {
    id: view.id,
    name: view.name,
    enabled: view.enabled,
    draining: view.draining,
    status: view.status,
    statusChangedAt: view.statusChangedAt,
    lastCheckedAt: view.lastCheckedAt,
    lastError: view.lastError,
    hostInfo: view.hostInfo,
    load: view.load,
    latency: view.latency,
    relays: await listLiveRelays(db, id),
  };
}

export async function listLiveRelays(db: DbOrTx, serverId: string): Promise<RelaySummary[]> {
  return db
    .select({
      id: relays.id,
      kind: relays.kind,
      containerName: relays.containerName,
      state: relays.state,
      stateReason: relays.stateReason,
      stateChangedAt: relays.stateChangedAt,
      derpPort: relays.derpPort,
      stunPort: relays.stunPort,
      hostname: relays.hostname,
      certName: relays.certName,
      certExpiresAt: relays.certExpiresAt,
      lastProbeAt: relays.lastProbeAt,
      lastProbeOk: relays.lastProbeOk,
    })
    .from(relays)
    .where(and(eq(relays.serverId, serverId), ne(relays.state, "released")))
    .orderBy(asc(relays.kind), asc(relays.derpPort));
}
