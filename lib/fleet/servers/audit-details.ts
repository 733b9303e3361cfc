import type { DockerConnection, Server } from "@/db/schema";
import { summarizePem } from "./pem";

/**
 * What the audit log keeps of a server: its settings without secrets and without the bulky public PEMs (a
 * certificate is named by its subject and end date). Never the TLS key, the SSH key or the wildcard key.
 */
export function auditedSettings(server: Server, regionCode: string): Record<string, unknown> {
  const cert = summarizePem(server.wildcardCertPem);
  return {
    name: server.name,
    region: regionCode,
    publicIpv4: server.publicIpv4,
    publicIpv6: server.publicIpv6,
    derpNaming: server.derpNaming,
    derpDomain: server.derpDomain,
    wildcardCertificate: cert ? `${cert.subject} (until ${cert.notAfter})` : null,
    derpPorts: `${server.derpPortMin}-${server.derpPortMax}`,
    stunPorts: `${server.stunPortMin}-${server.stunPortMax}`,
    capacity: server.capacity,
    networkMode: server.networkMode,
    relayCpuLimit: server.relayCpuLimit,
    relayMemoryLimitBytes: server.relayMemoryLimitBytes,
    enabled: server.enabled,
    draining: server.draining,
    docker: describeDocker(server.dockerConnection),
  };
}

export function describeDocker(c: DockerConnection): string {
  switch (c.kind) {
    case "socket":
      return `unix://${c.socketPath}`;
    case "tls":
      return `tcp+tls://${c.host}:${c.port} (CA ${summarizePem(c.ca)?.subject ?? "?"}, client ${summarizePem(c.cert)?.subject ?? "?"})`;
    case "ssh":
      return `ssh://${c.username}@${c.host}:${c.port} (host key ${c.hostKeySha256})`;
  }
}

/** The audited settings that differ, as `{ before, after }`. */
export function changedSettings(before: Record<string, unknown>, after: Record<string, unknown>): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}
