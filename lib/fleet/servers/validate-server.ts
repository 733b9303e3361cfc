import { statSync } from "node:fs";
import { utils as sshUtils } from "ssh2";
import { badRequest, type FieldErrorInput } from "@/lib/errors";
import type { DockerConnection } from "../docker-client";
import { isDerpDomain } from "./host-name";
import { isExpired, keyMatchesCertificate, parseCertificates, parsePrivateKey, summarizeCertificate, type ParsedCertificate } from "./pem";
import { normaliseHostKeySha256 } from "./ssh-host-key";

/** A server as it will be stored, secrets in plain text (from the input, or opened from the row). */
export interface ServerDraft {
  publicIpv4: string;
  derpNaming: "ip" | "domain";
  derpDomain: string | null;
  wildcardCertPem: string | null;
  wildcardKeyPem: string | null;
  derpPortMin: number;
  derpPortMax: number;
  stunPortMin: number;
  stunPortMax: number;
  capacity: number;
  /** Null when the settings are not being changed (the stored secret is then not opened at all). */
  docker: DockerConnection | null;
}

/** Which groups of settings the caller changed: the others were checked when they were saved. */
export interface ChangedGroups {
  docker: boolean;
  wildcard: boolean;
}

/** Ports that live relays hold: a new range must keep them. */
export interface HeldPorts {
  derp: number[];
  stun: number[];
}

/**
 * Every rule that spans fields or looks outside the input, each failure named on its field with an error code.
 * Throws one 400 with all of them, so a form shows every problem at once. Returns the draft with the SSH host
 * key in the form docker-client.ts pins (`SHA256:<base64>`).
 */
export function validateServerDraft(
  draft: ServerDraft,
  changed: ChangedGroups,
  options: { held?: HeldPorts; errors?: FieldErrorInput } = {},
): ServerDraft {
  const errors: FieldErrorInput = { ...options.errors };
  const held = options.held ?? { derp: [], stun: [] };
  const add = (field: string, code: string) => void (errors[field] ??= []).push(code);

  checkPorts(draft, held, add);
  if (draft.derpNaming === "domain") checkWildcard(draft, changed.wildcard, add);
  let docker = draft.docker;
  if (changed.docker && docker) docker = checkDocker(docker, add);

  if (Object.keys(errors).length > 0) throw badRequest("validation", errors);
  return { ...draft, docker };
}

/** The Docker settings alone (a connection test from the form): 400 with `docker.*` fields, or the settings to use. */
export function validateDockerSettings(docker: DockerConnection): DockerConnection {
  const errors: FieldErrorInput = {};
  const checked = checkDocker(docker, (field, code) => void (errors[field] ??= []).push(code));
  if (Object.keys(errors).length > 0) throw badRequest("validation", errors);
  return checked;
}

type Add = (field: string, code: string) => void;

function checkPorts(d: ServerDraft, held: HeldPorts, add: Add): void {
  const derpInverted = d.derpPortMax < d.derpPortMin;
  const stunInverted = d.stunPortMax < d.stunPortMin;
  if (derpInverted) add("derpPortMax", "port_range_inverted");
  if (stunInverted) add("stunPortMax", "port_range_inverted");
  if (derpInverted || stunInverted) return;
  // Each relay takes one DERP and one STUN port, and the canary takes a pair too.
  if (d.derpPortMax - d.derpPortMin + 1 < d.capacity + 1) add("derpPortMax", "port_range_too_small");
  if (d.stunPortMax - d.stunPortMin + 1 < d.capacity + 1) add("stunPortMax", "port_range_too_small");
  if (d.derpPortMin <= d.stunPortMax && d.stunPortMin <= d.derpPortMax) add("stunPortMin", "port_ranges_overlap");
  if (held.derp.some((p) => p < d.derpPortMin || p > d.derpPortMax)) add("derpPortMin", "port_range_excludes_relays");
  if (held.stun.some((p) => p < d.stunPortMin || p > d.stunPortMax)) add("stunPortMin", "port_range_excludes_relays");
}

function checkWildcard(d: ServerDraft, changed: boolean, add: Add): void {
  if (!d.derpDomain) add("derpDomain", "field_required");
  else if (!isDerpDomain(d.derpDomain)) add("derpDomain", "domain_invalid");
  if (!d.wildcardCertPem) add("wildcardCertPem", "field_required");
  if (!d.wildcardKeyPem) add("wildcardKeyPem", "field_required");
  if (!d.wildcardCertPem || !d.wildcardKeyPem) return;

  const chain = parseCertificates(d.wildcardCertPem);
  const key = parsePrivateKey(d.wildcardKeyPem);
  if (typeof chain === "string") add("wildcardCertPem", chain);
  if (typeof key === "string") add("wildcardKeyPem", key);
  if (typeof chain === "string") return;
  const leaf = chain[0];
  // An expired certificate that was accepted once is not re-judged by an unrelated edit (the renewal is due anyway).
  if (changed && isExpired(leaf)) add("wildcardCertPem", "certificate_expired");
  if (d.derpDomain && isDerpDomain(d.derpDomain) && !coversWildcard(leaf, d.derpDomain)) add("wildcardCertPem", "certificate_not_wildcard");
  if (typeof key !== "string" && !keyMatchesCertificate(key, leaf)) add("wildcardKeyPem", "key_mismatch");
}

/** True when the certificate names `*.<domain>` as a DNS SAN: relays are called `<relay>.<domain>`. */
function coversWildcard(leaf: ParsedCertificate, domain: string): boolean {
  return summarizeCertificate(leaf).dnsNames.some((n) => n.toLowerCase().replace(/\.$/, "") === `*.${domain}`);
}

function checkDocker(docker: DockerConnection, add: Add): DockerConnection {
  switch (docker.kind) {
    case "socket":
      checkSocket(docker.socketPath, add);
      return docker;
    case "tls": {
      const ca = parseCertificates(docker.ca);
      const cert = parseCertificates(docker.cert);
      if (typeof ca === "string") add("docker.ca", ca);
      if (typeof cert === "string") add("docker.cert", cert);
      if (!docker.key) {
        add("docker.key", "field_required");
        return docker;
      }
      const key = parsePrivateKey(docker.key);
      if (typeof key === "string") add("docker.key", key);
      else if (typeof cert !== "string" && !keyMatchesCertificate(key, cert[0])) add("docker.key", "key_mismatch");
      return docker;
    }
    case "ssh": {
      if (!docker.privateKey) add("docker.privateKey", "field_required");
      else if (!isSshPrivateKey(docker.privateKey)) add("docker.privateKey", "ssh_key_invalid");
      const hostKey = normaliseHostKeySha256(docker.hostKeySha256);
      if (!hostKey) add("docker.hostKeySha256", "ssh_host_key_invalid");
      return { ...docker, hostKeySha256: hostKey ?? docker.hostKeySha256 };
    }
  }
}

/** The local engine's socket must be there now: a typo is a 400, not a server that is down for ever. */
function checkSocket(path: string, add: Add): void {
  try {
    if (!statSync(path).isSocket()) add("docker.socketPath", "socket_not_socket");
  } catch {
    add("docker.socketPath", "socket_missing");
  }
}

/** What ssh2 (docker-modem's SSH client) will be able to use: an unencrypted private key it can parse. */
function isSshPrivateKey(text: string): boolean {
  const parsed = sshUtils.parseKey(text);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  return !(key instanceof Error) && key !== undefined && key.isPrivateKey();
}
