import { createHash } from "node:crypto";
import Docker from "dockerode";
import { TimeoutError, withTimeout } from "./timeout";

/**
 * The one module that talks to Docker engines. Each relay host (server) gets a cached dockerode client built
 * from its connection settings; every call goes through `call`, which gives it a deadline, so a hung host
 * never blocks a job or a page. Three ways to reach an engine, and no others: the local socket, TCP with
 * mutual TLS, or SSH with a pinned host key. Plain TCP is not offered at all.
 */

export type DockerConnection =
  | { kind: "socket"; socketPath: string }
  | {
      kind: "tls";
      host: string;
      port: number;
      /** PEM: the CA that signed the engine's certificate (the engine is verified against it, name included). */
      ca: string;
      /** PEM client certificate and key the engine requires (dockerd --tlsverify). */
      cert: string;
      key: string;
    }
  | {
      kind: "ssh";
      host: string;
      port: number;
      username: string;
      /** OpenSSH or PEM private key. The remote user must be allowed to run `docker system dial-stdio`. */
      privateKey: string;
      /** The host key's fingerprint as `ssh-keygen -lf` prints it: `SHA256:<base64>`. */
      hostKeySha256: string;
    };

export type DockerCallOptions = { timeoutMs?: number; signal?: AbortSignal };

export type DockerClient = {
  readonly serverId: string;
  /**
   * Runs one Docker operation with a deadline. Pass `signal` on as dockerode's `abortSignal` so the request
   * itself is cancelled; the promise rejects at the deadline either way.
   */
  call<T>(what: string, operation: (docker: Docker, signal: AbortSignal) => Promise<T>, options?: DockerCallOptions): Promise<T>;
};

export type DockerHostInfo = {
  dockerVersion: string;
  apiVersion: string | null;
  os: string;
  architecture: string;
  cpus: number;
  memoryBytes: number;
  containersRunning: number;
};

export type DockerErrorCode =
  | "invalid_settings"
  | "timeout"
  | "socket_missing"
  | "socket_denied"
  | "refused"
  | "unreachable"
  | "tls"
  | "ssh_host_key"
  | "ssh_auth"
  | "ssh"
  | "engine";

/** A failure to reach or use an engine, with a message an operator can act on. */
export class DockerConnectionError extends Error {
  constructor(
    readonly code: DockerErrorCode,
    message: string,
    readonly statusCode?: number,
  ) {
    super(message);
    this.name = "DockerConnectionError";
  }
}

export const DOCKER_CALL_TIMEOUT_MS = 10_000;
/** TCP connect / SSH handshake. */
const CONNECT_TIMEOUT_MS = 8_000;
/** Backstop for requests whose signal is not passed on: a socket silent this long is closed. */
const IDLE_TIMEOUT_MS = 60_000;

type Entry = { settingsHash: string; client: DockerClient };
const clients = new Map<string, Entry>();

/**
 * The cached client of a server. Changed settings (a new hash) replace the old client, so an edit takes effect
 * on the next call without a restart.
 */
export function dockerClientFor(serverId: string, connection: DockerConnection): DockerClient {
  const settingsHash = hashSettings(connection);
  const cached = clients.get(serverId);
  if (cached && cached.settingsHash === settingsHash) return cached.client;
  const client = createClient(serverId, connection);
  clients.set(serverId, { settingsHash, client });
  return client;
}

/** Drops a server's client (server deleted). */
export function forgetDockerClient(serverId: string): void {
  clients.delete(serverId);
}

/** Version, CPUs, memory and running containers of an engine, or a DockerConnectionError saying why not. */
export async function testDockerConnection(connection: DockerConnection, options: DockerCallOptions = {}): Promise<DockerHostInfo> {
  // A throw-away client: settings being tried out in a form do not belong in the cache.
  const client = createClient("connection-test", connection);
  return readHostInfo(client, options);
}

export async function readHostInfo(client: DockerClient, options: DockerCallOptions = {}): Promise<DockerHostInfo> {
  // dockerode accepts an abort signal on these calls; its type definitions only lack the overload.
  type Signalled = {
    info(opts: { abortSignal: AbortSignal }): Promise<Record<string, unknown>>;
    version(opts: { abortSignal: AbortSignal }): Promise<Docker.DockerVersion>;
  };
  const info = await client.call("docker info", (docker, signal) => (docker as unknown as Signalled).info({ abortSignal: signal }), options);
  const version = await client.call("docker version", (docker, signal) => (docker as unknown as Signalled).version({ abortSignal: signal }), options);
  return {
    dockerVersion: String(info.ServerVersion ?? version.Version ?? "unknown"),
    apiVersion: version.ApiVersion ?? null,
    os: String(info.OperatingSystem ?? version.Os ?? "unknown"),
    architecture: String(info.Architecture ?? version.Arch ?? "unknown"),
    cpus: Number(info.NCPU ?? 0),
    memoryBytes: Number(info.MemTotal ?? 0),
    containersRunning: Number(info.ContainersRunning ?? 0),
  };
}

function createClient(serverId: string, connection: DockerConnection): DockerClient {
  const problem = settingsProblem(connection);
  if (problem) throw new DockerConnectionError("invalid_settings", problem);
  const observed: { hostKey?: string } = {};
  const docker = new Docker(dockerodeOptions(connection, observed));
  const where = describeTarget(connection);
  return {
    serverId,
    async call(what, operation, options = {}) {
      const timeoutMs = options.timeoutMs ?? DOCKER_CALL_TIMEOUT_MS;
      try {
        return await withTimeout(`${what} on ${where}`, timeoutMs, (signal) => operation(docker, signal), options.signal);
      } catch (error) {
        throw explain(error, connection, where, observed);
      }
    },
  };
}

/**
 * docker-modem fills unset options from DOCKER_HOST, DOCKER_CERT_PATH and friends; every one of them is set
 * here (to undefined if unused) so that the process environment can never redirect a server's client.
 */
const NEUTRAL = {
  socketPath: undefined,
  host: undefined,
  port: undefined,
  protocol: undefined,
  ca: undefined,
  cert: undefined,
  key: undefined,
  username: undefined,
  pathPrefix: undefined,
  sshOptions: undefined,
  timeout: IDLE_TIMEOUT_MS,
};

function dockerodeOptions(connection: DockerConnection, observed: { hostKey?: string }): Docker.DockerOptions {
  switch (connection.kind) {
    case "socket":
      return { ...NEUTRAL, socketPath: connection.socketPath } as Docker.DockerOptions;
    case "tls":
      // protocol https with ca/cert/key: the engine's certificate is verified against the CA and the host
      // name or IP; the engine in turn demands our client certificate.
      return {
        ...NEUTRAL,
        protocol: "https",
        host: connection.host,
        port: connection.port,
        ca: connection.ca,
        cert: connection.cert,
        key: connection.key,
        connectionTimeout: CONNECT_TIMEOUT_MS,
      } as Docker.DockerOptions;
    case "ssh": {
      const pinned = normaliseFingerprint(connection.hostKeySha256);
      return {
        ...NEUTRAL,
        protocol: "ssh",
        host: connection.host,
        port: connection.port,
        username: connection.username,
        // No idle timeout: docker-modem calls setTimeout on the SSH channel, which has none, and crashes.
        // readyTimeout below bounds the handshake; the per-call deadline bounds the rest.
        timeout: undefined,
        connectionTimeout: CONNECT_TIMEOUT_MS,
        // docker-modem hands these to ssh2's Client.connect for every request.
        sshOptions: {
          privateKey: connection.privateKey,
          readyTimeout: CONNECT_TIMEOUT_MS,
          // Never ask an agent or forward one: the key given is the only credential.
          agent: undefined,
          agentForward: false,
          // Without hostHash, ssh2 passes the raw host key blob, which is what OpenSSH fingerprints.
          hostVerifier: (key: Buffer) => {
            const seen = createHash("sha256").update(key).digest("base64").replace(/=+$/, "");
            observed.hostKey = `SHA256:${seen}`;
            return seen === pinned;
          },
        },
      } as Docker.DockerOptions;
    }
  }
}

function settingsProblem(c: DockerConnection): string | null {
  const validPort = (p: number) => Number.isInteger(p) && p >= 1 && p <= 65535;
  switch (c?.kind) {
    case "socket":
      return typeof c.socketPath === "string" && c.socketPath.startsWith("/") ? null : "the socket path must be absolute";
    case "tls":
      if (!c.host) return "the engine's host is missing";
      if (!validPort(c.port)) return "the engine's port must be 1-65535";
      if (!c.ca || !c.cert || !c.key) return "TCP needs mutual TLS: the CA, a client certificate and its key";
      return null;
    case "ssh":
      if (!c.host) return "the SSH host is missing";
      if (!validPort(c.port)) return "the SSH port must be 1-65535";
      if (!c.username) return "the SSH user is missing";
      if (!c.privateKey) return "the SSH private key is missing";
      if (!/^[A-Za-z0-9+/]{43}$/.test(normaliseFingerprint(c.hostKeySha256 ?? ""))) {
        return "the SSH host key must be pinned as SHA256:<43 base64 characters> (ssh-keygen -lf)";
      }
      return null;
    default:
      return "unknown connection kind (socket, tls or ssh; plain TCP is never allowed)";
  }
}

function normaliseFingerprint(value: string): string {
  return value.trim().replace(/^SHA256:/i, "").replace(/=+$/, "");
}

function describeTarget(c: DockerConnection): string {
  switch (c.kind) {
    case "socket":
      return `unix://${c.socketPath}`;
    case "tls":
      return `tcp+tls://${c.host}:${c.port}`;
    case "ssh":
      return `ssh://${c.username}@${c.host}:${c.port}`;
  }
}

/** Turns Node, TLS, ssh2 and engine errors into one error type with a plain message. */
function explain(error: unknown, c: DockerConnection, where: string, observed: { hostKey?: string }): DockerConnectionError {
  if (error instanceof DockerConnectionError) return error;
  if (error instanceof TimeoutError) {
    return new DockerConnectionError("timeout", `${error.what} did not answer within ${error.ms} ms`);
  }
  const e = error as NodeJS.ErrnoException & { statusCode?: number; json?: { message?: string }; level?: string };
  const message = e?.message ?? String(error);
  const statusCode = typeof e?.statusCode === "number" ? e.statusCode : undefined;
  if (statusCode) {
    return new DockerConnectionError("engine", `the engine at ${where} answered HTTP ${statusCode}: ${e.json?.message ?? message}`, statusCode);
  }
  switch (e?.code) {
    case "ENOENT":
      return new DockerConnectionError("socket_missing", `no Docker socket at ${c.kind === "socket" ? c.socketPath : where}`);
    case "EACCES":
    case "EPERM":
      return new DockerConnectionError("socket_denied", `permission denied on ${where}`);
    case "ECONNREFUSED":
      return new DockerConnectionError("refused", `${where} refused the connection (nothing listens there)`);
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new DockerConnectionError("unreachable", `${where} is unreachable (${e.code})`);
  }
  if (/Host denied/i.test(message)) {
    return new DockerConnectionError(
      "ssh_host_key",
      `the SSH host key of ${where} (${observed.hostKey ?? "unknown"}) does not match the pinned ${c.kind === "ssh" ? `SHA256:${normaliseFingerprint(c.hostKeySha256)}` : "key"}`,
    );
  }
  if (/All configured authentication methods failed/i.test(message)) {
    return new DockerConnectionError("ssh_auth", `${where} refused the SSH key`);
  }
  if (/Cannot parse privateKey/i.test(message)) return new DockerConnectionError("invalid_settings", `the SSH private key is unreadable: ${message}`);
  if (c.kind === "ssh" && (e?.level || /ssh|handshake|dial-stdio/i.test(message))) {
    return new DockerConnectionError("ssh", `SSH to ${where} failed: ${message}`);
  }
  if (c.kind === "tls" && /ALERT_(BAD_CERTIFICATE|CERTIFICATE_REQUIRED|UNKNOWN_CA|CERTIFICATE_UNKNOWN)$/.test(e?.code ?? "")) {
    return new DockerConnectionError("tls", `TLS with ${where} failed: the engine refused our client certificate (${e.code})`);
  }
  if (c.kind === "tls" && e?.code === "ECONNRESET") {
    // With TLS 1.3 an engine that rejects our client certificate just closes the connection after the handshake.
    return new DockerConnectionError("tls", `TLS with ${where} failed: the engine closed the connection (does it accept this client certificate?)`);
  }
  if (c.kind === "tls" && (/certificate|tls|ssl|alert|handshake|socket hang up/i.test(message) || e?.code?.startsWith("ERR_TLS"))) {
    return new DockerConnectionError("tls", `TLS with ${where} failed: ${message}`);
  }
  return new DockerConnectionError("engine", `${where}: ${message}`);
}

function hashSettings(connection: DockerConnection): string {
  // Key order fixed, so the same settings always give the same hash.
  const ordered = Object.fromEntries(Object.entries(connection).sort(([a], [b]) => a.localeCompare(b)));
  return createHash("sha256").update(JSON.stringify(ordered)).digest("hex");
}
