import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { servers } from "@/db/schema";
import { assertAdmin } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/current-user";
import { notFound } from "@/lib/errors";
import { findCanary } from "../relays/canary";

export type ServerStatusValue = "unknown" | "up" | "degraded" | "down";

/** What a server page shows of a server's health (admins only). */
export type ServerHealthView = {
  id: string;
  name: string;
  enabled: boolean;
  status: ServerStatusValue;
  statusChangedAt: Date | null;
  lastCheckedAt: Date | null;
  lastError: string | null;
  host: { dockerVersion: string; cpus: number; memoryBytes: number; containersRunning: number } | null;
  canary: {
    state: "creating" | "running" | "stopped" | "failed" | "released";
    stateReason: string | null;
    hostname: string;
    derpPort: number;
    stunPort: number;
    certName: string | null;
    certExpiresAt: Date | null;
    lastProbeAt: Date | null;
    lastProbeOk: boolean | null;
  } | null;
};

export async function getServerHealthView(db: DbOrTx, actor: SessionUser, serverId: string): Promise<ServerHealthView> {
  assertAdmin(actor);
  const [server] = await db.select().from(servers).where(eq(servers.id, serverId));
  if (!server) throw notFound("server_unknown");
  const canary = await findCanary(db, serverId);
  return {
    id: server.id,
    name: server.name,
    enabled: server.enabled,
    status: server.status,
    statusChangedAt: server.statusChangedAt,
    lastCheckedAt: server.lastCheckedAt,
    lastError: server.lastError,
    host: server.hostInfo
      ? {
          dockerVersion: server.hostInfo.dockerVersion,
          cpus: server.hostInfo.cpus,
          memoryBytes: server.hostInfo.memoryBytes,
          containersRunning: server.hostInfo.containersRunning,
        }
      : null,
    canary: canary && {
      state: canary.state,
      stateReason: canary.stateReason,
      hostname: canary.hostname,
      derpPort: canary.derpPort,
      stunPort: canary.stunPort,
      certName: canary.certName,
      certExpiresAt: canary.certExpiresAt,
      lastProbeAt: canary.lastProbeAt,
      lastProbeOk: canary.lastProbeOk,
    },
  };
}
