import { X509Certificate } from "node:crypto";
import type { Relay, Server } from "@/db/schema";
import { now as clockNow } from "@/lib/clock";
import { createRelayCertificate, needsRenewal } from "../relay-cert";
import { openServerSecret } from "../servers/secrets";
import { sealRelayKey } from "./relay-secrets";

/**
 * What a relay is called and which certificate it serves, derived from its server's naming:
 * - ip: the server's public IPv4 as hostname, a certificate the platform makes for it (pinned by CertName);
 * - domain: `<relay label>.<derpDomain>`, served with the operator's wildcard certificate (verified by its CA,
 *   so no CertName).
 */

export type NamingServer = Pick<Server, "id" | "publicIpv4" | "derpNaming" | "derpDomain" | "wildcardCertPem" | "wildcardKeySealed">;
export type RelayCertificateFields = Pick<Relay, "hostname" | "certPem" | "certKeySealed" | "certName" | "certExpiresAt">;

export function relayHostname(server: NamingServer, relayId: string): string {
  if (server.derpNaming === "ip") return server.publicIpv4;
  if (!server.derpDomain) throw new Error("the server uses domain naming but has no DERP domain");
  return `r${relayId.replace(/-/g, "").slice(0, 12)}.${server.derpDomain}`;
}

export async function issueRelayCertificate(server: NamingServer, relayId: string): Promise<RelayCertificateFields> {
  const hostname = relayHostname(server, relayId);
  if (server.derpNaming === "ip") {
    const cert = await createRelayCertificate(hostname);
    return {
      hostname,
      certPem: cert.certPem,
      certKeySealed: sealRelayKey(relayId, cert.keyPem),
      certName: cert.certName,
      certExpiresAt: cert.notAfter,
    };
  }
  const keyPem = server.wildcardKeySealed ? openServerSecret(server.id, "wildcard", server.wildcardKeySealed) : null;
  if (!server.wildcardCertPem || !keyPem) throw new Error("the server uses domain naming but has no wildcard certificate and key");
  return {
    hostname,
    certPem: server.wildcardCertPem,
    certKeySealed: sealRelayKey(relayId, keyPem),
    certName: null,
    certExpiresAt: new Date(new X509Certificate(server.wildcardCertPem).validTo),
  };
}

/**
 * Why the relay's certificate must be replaced, or null: close to its end (ip naming), the server's address,
 * naming or wildcard certificate changed since it was made.
 */
export function certificateReplacementReason(server: NamingServer, relay: Pick<Relay, "id" | "hostname" | "certPem" | "certName">): string | null {
  if (!relay.certPem) return "it has no certificate";
  let expected: string;
  try {
    expected = relayHostname(server, relay.id);
  } catch {
    return null;
  }
  if (relay.hostname !== expected) return `its hostname changed from ${relay.hostname} to ${expected}`;
  if (server.derpNaming === "ip") {
    if (!relay.certName) return "it has no CertName";
    return needsRenewal(relay.certPem, { now: clockNow() }) ? "its certificate is close to its end" : null;
  }
  return server.wildcardCertPem && relay.certPem !== server.wildcardCertPem ? "the server's wildcard certificate changed" : null;
}
