import type { HostInfo, Region, Server, ServerStatus } from "@/db/schema";
import { summarizePem, type CertificateSummary } from "./pem";

/**
 * A server as admins and API callers see it: everything but its secrets, which only show as "stored" flags.
 * This is the one place that turns a row into what leaves the server, so no other code can leak a sealed column.
 */

export type { ServerStatus } from "@/db/schema";

export interface ServerRegionRef {
  id: string;
  code: string;
  nameEn: string;
  nameZh: string;
  active: boolean;
}

export type DockerSettingsView =
  | { kind: "socket"; socketPath: string }
  | { kind: "tls"; host: string; port: number; ca: string; cert: string; hasKey: boolean }
  | { kind: "ssh"; host: string; port: number; username: string; hostKeySha256: string; hasPrivateKey: boolean };

/** Customer relays of the server against its capacity (the canary does not count). */
export interface ServerLoad {
  /** Customer relays whose container runs. */
  relaysRunning: number;
  /** Customer relays that hold a slot (every state but released). */
  relaysLive: number;
  capacity: number;
  /** relaysRunning / capacity, 0-1 (above 1 when capacity was lowered below what runs). */
  ratio: number;
}

export interface LatencyReading {
  at: Date;
  ok: boolean;
  rttMs: number | null;
  error: string | null;
}

/** The newest probe sample of each kind, if any. */
export interface ServerLatency {
  https: LatencyReading | null;
  stun: LatencyReading | null;
}

export interface ServerView {
  id: string;
  name: string;
  region: ServerRegionRef;
  publicIpv4: string;
  publicIpv6: string | null;
  derpNaming: "ip" | "domain";
  derpDomain: string | null;
  /** Public: the operator's wildcard certificate (chain) as PEM, and what it says. */
  wildcardCertPem: string | null;
  wildcardCertificate: CertificateSummary | null;
  hasWildcardKey: boolean;
  derpPortMin: number;
  derpPortMax: number;
  stunPortMin: number;
  stunPortMax: number;
  capacity: number;
  networkMode: "bridge" | "host";
  relayCpuLimit: number | null;
  relayMemoryLimitBytes: number | null;
  enabled: boolean;
  draining: boolean;
  docker: DockerSettingsView;
  status: ServerStatus;
  statusChangedAt: Date | null;
  lastCheckedAt: Date | null;
  lastError: string | null;
  hostInfo: HostInfo | null;
  load: ServerLoad;
  latency: ServerLatency;
  createdAt: Date;
  updatedAt: Date;
}

export const NO_LATENCY: ServerLatency = { https: null, stun: null };

export function loadOf(capacity: number, counts?: { running: number; live: number }): ServerLoad {
  const running = counts?.running ?? 0;
  return { relaysRunning: running, relaysLive: counts?.live ?? 0, capacity, ratio: capacity > 0 ? running / capacity : 0 };
}

export function regionRef(region: Pick<Region, "id" | "code" | "nameEn" | "nameZh" | "active">): ServerRegionRef {
  return { id: region.id, code: region.code, nameEn: region.nameEn, nameZh: region.nameZh, active: region.active };
}

export function toServerView(server: Server, region: ServerRegionRef, load: ServerLoad, latency: ServerLatency): ServerView {
  return {
    id: server.id,
    name: server.name,
    region,
    publicIpv4: server.publicIpv4,
    publicIpv6: server.publicIpv6,
    derpNaming: server.derpNaming,
    derpDomain: server.derpDomain,
    wildcardCertPem: server.wildcardCertPem,
    wildcardCertificate: summarizePem(server.wildcardCertPem),
    hasWildcardKey: server.wildcardKeySealed !== null,
    derpPortMin: server.derpPortMin,
    derpPortMax: server.derpPortMax,
    stunPortMin: server.stunPortMin,
    stunPortMax: server.stunPortMax,
    capacity: server.capacity,
    networkMode: server.networkMode,
    relayCpuLimit: server.relayCpuLimit,
    relayMemoryLimitBytes: server.relayMemoryLimitBytes,
    enabled: server.enabled,
    draining: server.draining,
    docker: dockerView(server),
    status: server.status,
    statusChangedAt: server.statusChangedAt,
    lastCheckedAt: server.lastCheckedAt,
    lastError: server.lastError,
    hostInfo: server.hostInfo,
    load,
    latency,
    createdAt: server.createdAt,
    updatedAt: server.updatedAt,
  };
}

function dockerView(server: Server): DockerSettingsView {
  const c = server.dockerConnection;
  const hasSecret = server.dockerSecretSealed !== null;
  switch (c.kind) {
    case "socket":
      return { kind: "socket", socketPath: c.socketPath };
    case "tls":
      return { kind: "tls", host: c.host, port: c.port, ca: c.ca, cert: c.cert, hasKey: hasSecret };
    case "ssh":
      return { kind: "ssh", host: c.host, port: c.port, username: c.username, hostKeySha256: c.hostKeySha256, hasPrivateKey: hasSecret };
  }
}
