import type { DockerConnection as StoredConnection, Server } from "@/db/schema";
import { dockerClientFor, type DockerClient, type DockerConnection } from "../docker-client";
import { openServerSecret } from "./secrets";

/**
 * A server's Docker settings as docker-client.ts takes them: the stored public part with the sealed secret
 * opened. Everything that talks to a server's engine (test connection, the health job, relays) starts here.
 */
export function serverDockerConnection(server: Pick<Server, "id" | "dockerConnection" | "dockerSecretSealed">): DockerConnection {
  const stored = server.dockerConnection;
  const secret = () => {
    if (!server.dockerSecretSealed) throw new Error(`server ${server.id} has no stored Docker secret`);
    return openServerSecret(server.id, "docker", server.dockerSecretSealed);
  };
  switch (stored.kind) {
    case "socket":
      return { kind: "socket", socketPath: stored.socketPath };
    case "tls":
      return { kind: "tls", host: stored.host, port: stored.port, ca: stored.ca, cert: stored.cert, key: secret() };
    case "ssh":
      return { kind: "ssh", host: stored.host, port: stored.port, username: stored.username, hostKeySha256: stored.hostKeySha256, privateKey: secret() };
  }
}

/** The cached client of a server (replaced by docker-client.ts when its settings change). */
export function serverDockerClient(server: Pick<Server, "id" | "dockerConnection" | "dockerSecretSealed">): DockerClient {
  return dockerClientFor(server.id, serverDockerConnection(server));
}

/** The stored (public) part of settings and their secret, split for the servers table. */
export function splitDockerConnection(connection: DockerConnection): { stored: StoredConnection; secret: string | null } {
  switch (connection.kind) {
    case "socket":
      return { stored: { kind: "socket", socketPath: connection.socketPath }, secret: null };
    case "tls": {
      const { key, ...stored } = connection;
      return { stored, secret: key };
    }
    case "ssh": {
      const { privateKey, ...stored } = connection;
      return { stored, secret: privateKey };
    }
  }
}
