import { createHash } from "node:crypto";
import type Docker from "dockerode";
import type { Relay, Server } from "@/db/schema";
import { env } from "@/lib/env";
import type { DockerCallOptions, DockerClient } from "../docker-client";
import { derperCertFileNames } from "../relay-cert";
import { openRelayKey } from "./relay-secrets";
import { tarArchive } from "./tar";

/**
 * The one implementation of a relay's container: the canary now, customer relays later. A relay row fixes
 * everything about its container (name, ports, hostname, certificate), so creating it again from the row gives
 * the same relay; the derper key lives on a named volume, so the relay keeps its identity across re-creation.
 *
 * Certificates go in with putArchive before the first start, which works on remote engines (a bind mount would
 * need the file on that host).
 */

/** Labels that mark a container as ours and tie it to its row. */
export const RELAY_LABEL = {
  managed: "derpmanagement.managed",
  relayId: "derpmanagement.relay-id",
  kind: "derpmanagement.kind",
  serverId: "derpmanagement.server-id",
  rentalId: "derpmanagement.rental-id",
  /** What the container was created from (image, settings, files): a different hash means drift. */
  configHash: "derpmanagement.config-hash",
} as const;

export const RELAY_CERT_DIR = "/app/certs";
/** Files of a customer relay besides its certificate: debug key, rate limit, mesh key and mesh peers' certificates. */
export const RELAY_CONFIG_DIR = "/app/config";
const KEY_DIR = "/var/lib/derper";

export type RelayHost = Pick<Server, "id" | "publicIpv4" | "publicIpv6" | "networkMode" | "relayCpuLimit" | "relayMemoryLimitBytes">;
export type RelayContainerRow = Pick<
  Relay,
  "id" | "serverId" | "kind" | "containerName" | "derpPort" | "stunPort" | "hostname" | "certPem" | "certKeySealed"
> &
  Partial<Pick<Relay, "rentalId">>;

/** An HA node's view of the other node of its region. */
export type MeshPeer = {
  /** `host:port` as derper dials it (`https://<address>/derp`). */
  address: string;
  /** The peer's self-signed certificate (IP relays): trusted through SSL_CERT_DIR; null for CA-signed ones. */
  certPem: string | null;
};

/** Settings only a customer relay has; the canary runs without them. */
export type CustomerRelaySettings = {
  /** What derper's /debug/ answers to (`?debugkey=`): the traffic sampler reads /debug/vars with it. */
  debugKey: string;
  /** The plan's bandwidth as derper's per-client rate limit (`-rate-config`); null: unlimited. */
  rate: { bytesPerSec: number; burstBytes: number } | null;
  /** HA: the shared mesh key (64 hex) and the other node(s) of the region. */
  mesh: { key: string; peers: MeshPeer[] } | null;
};

export type RelayContainerOptions = {
  image: string;
  /** The admission endpoint derper asks about every client (`-verify-client-url`); never fail-open. */
  admissionUrl: string;
  customer?: CustomerRelaySettings;
  call?: DockerCallOptions;
};

export type RelayContainerState = {
  id: string;
  /** Docker's state: created, running, paused, restarting, removing, exited, dead. */
  state: string;
  running: boolean;
  exitCode: number | null;
  error: string | null;
};

export const relayContainerName = (relayId: string) => `derpm-relay-${relayId}`;
export const relayVolumeName = (relayId: string) => `derpm-relay-${relayId}-key`;

export function admissionUrlFor(secret: string): string {
  const base = (env().RELAY_ADMISSION_BASE_URL ?? env().APP_URL).replace(/\/$/, "");
  return `${base}/api/derp/admission/${encodeURIComponent(secret)}`;
}

/** The DERP_* contract of deploy/relay/entrypoint (README, "Relay image"), plus derper's own debug-key variable. */
export function relayEnvironment(relay: RelayContainerRow, admissionUrl: string, customer?: CustomerRelaySettings): string[] {
  const env = [
    `DERP_DOMAIN=${relay.hostname}`,
    `DERP_ADDR=:${relay.derpPort}`,
    "DERP_CERT_MODE=manual",
    `DERP_CERT_DIR=${RELAY_CERT_DIR}`,
    "DERP_STUN=true",
    `DERP_STUN_PORT=${relay.stunPort}`,
    "DERP_HTTP_PORT=-1",
    "DERP_VERIFY_CLIENTS=false",
    `DERP_VERIFY_CLIENT_URL=${admissionUrl}`,
    "DERP_VERIFY_CLIENT_URL_FAIL_OPEN=false",
    `DERP_KEY_PATH=${KEY_DIR}/derper.key`,
  ];
  if (!customer) return env;
  env.push(`TS_DEBUG_KEY_PATH=${RELAY_CONFIG_DIR}/debug.key`);
  if (customer.rate) env.push(`DERP_RATE_CONFIG=${RELAY_CONFIG_DIR}/rate.json`);
  if (customer.mesh) {
    env.push(`DERP_MESH_PSK_FILE=${RELAY_CONFIG_DIR}/mesh.key`, `DERP_MESH_WITH=${customer.mesh.peers.map((p) => p.address).join(",")}`);
    // Go reads extra trust roots from SSL_CERT_DIR (the CA bundle file stays in use): the peers' self-signed
    // certificates go there, so the mesh client verifies them like any other certificate.
    if (customer.mesh.peers.some((p) => p.certPem)) env.push(`SSL_CERT_DIR=${RELAY_CONFIG_DIR}/mesh-peers`);
  }
  return env;
}

export function relayLabels(relay: RelayContainerRow): Record<string, string> {
  return {
    [RELAY_LABEL.managed]: "true",
    [RELAY_LABEL.relayId]: relay.id,
    [RELAY_LABEL.kind]: relay.kind,
    [RELAY_LABEL.serverId]: relay.serverId,
    ...(relay.rentalId ? { [RELAY_LABEL.rentalId]: relay.rentalId } : {}),
  };
}

/**
 * A hash of everything the container is made of: create options (image, environment, ports, limits) and the
 * files put into it. Reconciliation compares it with the container's label to find drift.
 */
export function relayConfigHash(host: RelayHost, relay: RelayContainerRow, options: RelayContainerOptions): string {
  const { Labels: _labels, ...create } = relayCreateOptions(host, relay, options, false);
  const hash = createHash("sha256").update(JSON.stringify(create));
  for (const file of relayFiles(relay, options.customer)) hash.update(`\0${file.name}\0${file.content}`);
  return hash.digest("hex").slice(0, 32);
}

/**
 * derper listens on the relay's own ports inside the container too, so bridge and host networking run the same
 * command. Bridge publishes them on the server's public addresses only (not on every interface of the host).
 */
export function relayCreateOptions(
  host: RelayHost,
  relay: RelayContainerRow,
  options: RelayContainerOptions,
  withHash = true,
): Docker.ContainerCreateOptions {
  const tcp = `${relay.derpPort}/tcp`;
  const udp = `${relay.stunPort}/udp`;
  const addresses = [host.publicIpv4, ...(host.publicIpv6 ? [host.publicIpv6] : [])];
  const bind = (port: number) => addresses.map((HostIp) => ({ HostIp, HostPort: String(port) }));
  const bridge = host.networkMode === "bridge";
  return {
    name: relay.containerName,
    Image: options.image,
    Env: relayEnvironment(relay, options.admissionUrl, options.customer),
    Labels: { ...relayLabels(relay), ...(withHash ? { [RELAY_LABEL.configHash]: relayConfigHash(host, relay, options) } : {}) },
    ...(bridge ? { ExposedPorts: { [tcp]: {}, [udp]: {} } } : {}),
    HostConfig: {
      NetworkMode: bridge ? "bridge" : "host",
      ...(bridge ? { PortBindings: { [tcp]: bind(relay.derpPort), [udp]: bind(relay.stunPort) } } : {}),
      Mounts: [{ Type: "volume", Source: relayVolumeName(relay.id), Target: KEY_DIR }],
      RestartPolicy: { Name: "unless-stopped" },
      ...(host.relayCpuLimit ? { NanoCpus: Math.round(host.relayCpuLimit * 1e9) } : {}),
      ...(host.relayMemoryLimitBytes ? { Memory: host.relayMemoryLimitBytes } : {}),
      LogConfig: { Type: "json-file", Config: { "max-size": "10m", "max-file": "3" } },
    },
  };
}

type RelayFile = { name: string; content: string };

/** Every file the container gets: `<certdir>/<hostname>.crt|.key` as derper's manual mode reads them, and the config files. */
function relayFiles(relay: RelayContainerRow, customer?: CustomerRelaySettings): RelayFile[] {
  if (!relay.certPem || !relay.certKeySealed) throw new Error(`relay ${relay.id} has no certificate`);
  const names = derperCertFileNames(relay.hostname);
  const files: RelayFile[] = [
    { name: `${RELAY_CERT_DIR}/${names.crt}`, content: relay.certPem },
    { name: `${RELAY_CERT_DIR}/${names.key}`, content: openRelayKey(relay.id, relay.certKeySealed) },
  ];
  if (!customer) return files;
  files.push({ name: `${RELAY_CONFIG_DIR}/debug.key`, content: customer.debugKey });
  if (customer.rate) {
    const rate = { PerClientRateLimitBytesPerSec: customer.rate.bytesPerSec, PerClientRateBurstBytes: customer.rate.burstBytes };
    files.push({ name: `${RELAY_CONFIG_DIR}/rate.json`, content: JSON.stringify(rate) });
  }
  if (customer.mesh) {
    files.push({ name: `${RELAY_CONFIG_DIR}/mesh.key`, content: customer.mesh.key });
    customer.mesh.peers.forEach((peer, i) => {
      if (peer.certPem) files.push({ name: `${RELAY_CONFIG_DIR}/mesh-peers/peer-${i}.pem`, content: peer.certPem });
    });
  }
  return files;
}

/** The files as a tar for putArchive at `/`, readable only by the container's user where they hold secrets. */
export function relayFilesArchive(relay: RelayContainerRow, customer?: CustomerRelaySettings): Buffer {
  const files = relayFiles(relay, customer);
  const dirs = new Set<string>();
  for (const f of files) {
    const parts = f.name.split("/").slice(1, -1);
    for (let i = 1; i <= parts.length; i++) dirs.add(parts.slice(0, i).join("/"));
  }
  const isPublic = (name: string) => name.endsWith(".crt") || name.endsWith(".pem") || name.endsWith("rate.json");
  return tarArchive([
    ...[...dirs].sort().map((name) => ({ type: "dir" as const, name })),
    ...files.map((f) => ({ type: "file" as const, name: f.name.replace(/^\//, ""), content: f.content, ...(isPublic(f.name) ? {} : { mode: 0o600 }) })),
  ]);
}

/** The container's state, or null when it does not exist. */
export async function inspectRelayContainer(client: DockerClient, relay: Pick<Relay, "containerName">, call?: DockerCallOptions): Promise<RelayContainerState | null> {
  try {
    const info = await client.call(
      "inspect relay container",
      (docker, signal) => docker.getContainer(relay.containerName).inspect({ abortSignal: signal } as object),
      call,
    );
    return {
      id: info.Id,
      state: info.State.Status,
      running: info.State.Running,
      exitCode: info.State.Running ? null : info.State.ExitCode,
      error: info.State.Error || null,
    };
  } catch (error) {
    if (isStatus(error, 404)) return null;
    throw error;
  }
}

/**
 * Creates the container (not started) with its key volume and puts the certificate in. A container of the same
 * name that carries this relay's label is adopted (another run was creating it at the same moment, or a run
 * died after creating it): the certificate is put in again. Any other container of that name is an error.
 */
export async function createRelayContainer(
  client: DockerClient,
  host: RelayHost,
  relay: RelayContainerRow,
  options: RelayContainerOptions,
): Promise<string> {
  const archive = relayFilesArchive(relay, options.customer);
  await client.call(
    "create relay volume",
    (docker, signal) =>
      docker.createVolume({ Name: relayVolumeName(relay.id), Labels: relayLabels(relay), abortSignal: signal } as Docker.VolumeCreateOptions),
    options.call,
  );
  let id: string;
  try {
    const created = await client.call(
      "create relay container",
      (docker, signal) => docker.createContainer({ ...relayCreateOptions(host, relay, options), abortSignal: signal }),
      options.call,
    );
    id = created.id;
  } catch (error) {
    if (!isStatus(error, 409)) throw explainCreate(error, options.image);
    const existing = await client.call(
      "inspect relay container",
      (docker, signal) => docker.getContainer(relay.containerName).inspect({ abortSignal: signal } as object),
      options.call,
    );
    if (existing.Config.Labels?.[RELAY_LABEL.relayId] !== relay.id) {
      throw new Error(`a container named ${relay.containerName} exists on the server and is not this relay's`);
    }
    id = existing.Id;
  }
  await client.call(
    "copy relay files",
    (docker, signal) => docker.getContainer(id).putArchive(archive, { path: "/", abortSignal: signal } as object),
    options.call,
  );
  return id;
}

/** Starts the container; false when it was running already (the traffic sampler keeps its counter baseline then). */
export async function startRelayContainer(client: DockerClient, relay: Pick<Relay, "containerName">, call?: DockerCallOptions): Promise<boolean> {
  try {
    await client.call("start relay container", (docker, signal) => docker.getContainer(relay.containerName).start({ abortSignal: signal }), call);
    return true;
  } catch (error) {
    // 304: already running.
    if (!isStatus(error, 304)) throw error;
    return false;
  }
}

/** Create and start; returns the container id. A failed start removes the container again. */
export async function deployRelayContainer(
  client: DockerClient,
  host: RelayHost,
  relay: RelayContainerRow,
  options: RelayContainerOptions,
): Promise<string> {
  const id = await createRelayContainer(client, host, relay, options);
  try {
    await startRelayContainer(client, relay, options.call);
  } catch (error) {
    // A container that cannot start (port taken, address not on the host) is not left behind on the engine;
    // its key volume stays for the next attempt.
    await removeRelayContainer(client, relay, { keepKey: true, call: options.call }).catch(() => undefined);
    throw error;
  }
  return id;
}

export async function stopRelayContainer(
  client: DockerClient,
  relay: Pick<Relay, "containerName">,
  options: { graceSeconds?: number; call?: DockerCallOptions } = {},
): Promise<void> {
  try {
    await client.call(
      "stop relay container",
      (docker, signal) => docker.getContainer(relay.containerName).stop({ t: options.graceSeconds ?? 10, abortSignal: signal }),
      options.call,
    );
  } catch (error) {
    // 304: already stopped; 404: gone, which is stopped too.
    if (!isStatus(error, 304) && !isStatus(error, 404)) throw error;
  }
}

/**
 * Removes the container; `keepKey` keeps the volume with derper's private key (a re-creation that must keep
 * the relay's identity). Missing pieces are not an error.
 */
export async function removeRelayContainer(
  client: DockerClient,
  relay: Pick<Relay, "id" | "containerName">,
  options: { keepKey?: boolean; call?: DockerCallOptions } = {},
): Promise<void> {
  try {
    await client.call(
      "remove relay container",
      (docker, signal) => docker.getContainer(relay.containerName).remove({ force: true, v: false, abortSignal: signal }),
      options.call,
    );
  } catch (error) {
    if (!isStatus(error, 404)) throw error;
  }
  if (options.keepKey) return;
  try {
    await client.call(
      "remove relay volume",
      (docker, signal) => docker.getVolume(relayVolumeName(relay.id)).remove({ abortSignal: signal }),
      options.call,
    );
  } catch (error) {
    if (!isStatus(error, 404)) throw error;
  }
}

/** Every container of ours on the server, running or not, with its labels. */
export async function listRelayContainers(client: DockerClient, serverId: string, call?: DockerCallOptions): Promise<Docker.ContainerInfo[]> {
  return client.call(
    "list relay containers",
    (docker, signal) =>
      docker.listContainers({ all: true, filters: { label: [`${RELAY_LABEL.managed}=true`, `${RELAY_LABEL.serverId}=${serverId}`] }, abortSignal: signal }),
    call,
  );
}

/** Whether a Docker call failed with this HTTP status (404: no such container, 304: already in that state). */
export function isStatus(error: unknown, status: number): boolean {
  return (error as { statusCode?: number } | null)?.statusCode === status;
}

function explainCreate(error: unknown, image: string): unknown {
  if (isStatus(error, 404)) {
    return new Error(`the relay image ${image} is not on the server (build or load it there: deploy/relay/build-image.sh)`);
  }
  return error;
}
