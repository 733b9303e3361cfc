import { MIB } from "@/lib/fleet/servers/schemas";
import type { ServerView } from "@/lib/fleet/servers/server-view";

/** What the server form needs besides the field values: which secrets are stored (and may be left empty). */
export interface ServerFormInitial {
  id?: string;
  values: Record<string, string>;
  dockerKind: "socket" | "tls" | "ssh";
  hasDockerSecret: boolean;
  hasWildcardKey: boolean;
}

/** A new server: IP naming, DERP on TCP 8443-8542, STUN on UDP 3478-3577, 50 relays, the local socket. */
export const NEW_SERVER: ServerFormInitial = {
  values: {
    name: "",
    region: "",
    publicIpv4: "",
    publicIpv6: "",
    derpNaming: "ip",
    derpDomain: "",
    wildcardCertPem: "",
    derpPortMin: "8443",
    derpPortMax: "8542",
    stunPortMin: "3478",
    stunPortMax: "3577",
    capacity: "50",
    networkMode: "bridge",
    relayCpuLimit: "",
    relayMemoryLimitMiB: "",
    enabled: "on",
    draining: "",
    "docker.kind": "socket",
    "docker.socketPath": "/var/run/docker.sock",
    "docker.host": "",
    "docker.port": "",
    "docker.ca": "",
    "docker.cert": "",
    "docker.username": "",
    "docker.hostKeySha256": "",
  },
  dockerKind: "socket",
  hasDockerSecret: false,
  hasWildcardKey: false,
};

/** A saved server as the form shows it. Secrets are never among the values: their fields start empty. */
export function serverFormInitial(s: ServerView): ServerFormInitial {
  const d = s.docker;
  return {
    id: s.id,
    values: {
      name: s.name,
      region: s.region.code,
      publicIpv4: s.publicIpv4,
      publicIpv6: s.publicIpv6 ?? "",
      derpNaming: s.derpNaming,
      derpDomain: s.derpDomain ?? "",
      wildcardCertPem: s.wildcardCertPem ?? "",
      derpPortMin: String(s.derpPortMin),
      derpPortMax: String(s.derpPortMax),
      stunPortMin: String(s.stunPortMin),
      stunPortMax: String(s.stunPortMax),
      capacity: String(s.capacity),
      networkMode: s.networkMode,
      relayCpuLimit: s.relayCpuLimit === null ? "" : String(s.relayCpuLimit),
      relayMemoryLimitMiB: s.relayMemoryLimitBytes === null ? "" : String(Math.round(s.relayMemoryLimitBytes / MIB)),
      enabled: s.enabled ? "on" : "",
      draining: s.draining ? "on" : "",
      "docker.kind": d.kind,
      "docker.socketPath": d.kind === "socket" ? d.socketPath : "",
      "docker.host": d.kind === "socket" ? "" : d.host,
      "docker.port": d.kind === "socket" ? "" : String(d.port),
      "docker.ca": d.kind === "tls" ? d.ca : "",
      "docker.cert": d.kind === "tls" ? d.cert : "",
      "docker.username": d.kind === "ssh" ? d.username : "",
      "docker.hostKeySha256": d.kind === "ssh" ? d.hostKeySha256 : "",
    },
    dockerKind: d.kind,
    hasDockerSecret: d.kind === "tls" ? d.hasKey : d.kind === "ssh" ? d.hasPrivateKey : false,
    hasWildcardKey: s.hasWildcardKey,
  };
}
