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
} as const;

export const RELAY_CERT_DIR = "/app/certs";
const KEY_DIR = "/var/lib/derper";

export type RelayHost = Pick<Server, "id" | "publicIpv4" | "publicIpv6" | "networkMode" | "relayCpuLimit" | "relayMemoryLimitBytes">;
export type RelayContainerRow = Pick<
  Relay,
  "id" | "serverId" | "kind" | "containerName" | "derpPort" | "stunPort" | "hostname" | "certPem" | "certKeySealed"
>;

export type RelayContainerOptions = {
  image: string;
  /** The admission endpoint derper asks about every client (`-verify-client-url`); never fail-open. */
  admissionUrl: string;
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
  return `${env().APP_URL}/api/derp/admission/${encodeURIComponent(secret)}`;
}

/** The DERP_* contract of deploy/relay/entrypoint (README, "Relay image"). */
export function relayEnvironment(relay: RelayContainerRow, admissionUrl: string): string[] {
  return [
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
}

export function relayLabels(relay: RelayContainerRow): Record<string, string> {
  return {
    [RELAY_LABEL.managed]: "true",
    [RELAY_LABEL.relayId]: relay.id,
    [RELAY_LABEL.kind]: relay.kind,
    [RELAY_LABEL.serverId]: relay.serverId,
  };
}

/**
 * derper listens on the relay's own ports inside the container too, so bridge and host networking run the same
 * command. Bridge publishes them on the server's public addresses only (not on every interface of the host).
 */
export function relayCreateOptions(host: RelayHost, relay: RelayContainerRow, options: RelayContainerOptions): Docker.ContainerCreateOptions {
  const tcp = `${relay.derpPort}/tcp`;
  const udp = `${relay.stunPort}/udp`;
  const addresses = [host.publicIpv4, ...(host.publicIpv6 ? [host.publicIpv6] : [])];
  const bind = (port: number) => addresses.map((HostIp) => ({ HostIp, HostPort: String(port) }));
  const bridge = host.networkMode === "bridge";
  return {
    name: relay.containerName,
    Image: options.image,
    Env: relayEnvironment(relay, options.admissionUrl),
    Labels: relayLabels(relay),
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

/** `<certdir>/<hostname>.crt` and `.key` as derper's manual mode reads them, as a tar for putArchive at `/`. */
export function relayCertArchive(relay: RelayContainerRow): Buffer {
  if (!relay.certPem || !relay.certKeySealed) throw new Error(`relay ${relay.id} has no certificate`);
  const files = derperCertFileNames(relay.hostname);
  const dir = RELAY_CERT_DIR.replace(/^\//, "");
  return tarArchive([
    { type: "dir", name: dir },
    { type: "file", name: `${dir}/${files.crt}`, content: relay.certPem },
    { type: "file", name: `${dir}/${files.key}`, content: openRelayKey(relay.id, relay.certKeySealed), mode: 0o600 },
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
  const archive = relayCertArchive(relay);
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
    "copy relay certificate",
    (docker, signal) => docker.getContainer(id).putArchive(archive, { path: "/", abortSignal: signal } as object),
    options.call,
  );
  return id;
}

export async function startRelayContainer(client: DockerClient, relay: Pick<Relay, "containerName">, call?: DockerCallOptions): Promise<void> {
  try {
    await client.call("start relay container", (docker, signal) => docker.getContainer(relay.containerName).start({ abortSignal: signal }), call);
  } catch (error) {
    // 304: already running.
    if (!isStatus(error, 304)) throw error;
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

function isStatus(error: unknown, status: number): boolean {
  return (error as { statusCode?: number } | null)?.statusCode === status;
}

function explainCreate(error: unknown, image: string): unknown {
  if (isStatus(error, 404)) {
    return new Error(`the relay image ${image} is not on the server (build or load it there: deploy/relay/build-image.sh)`);
  }
  return error;
}
