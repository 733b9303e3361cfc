import type { Server } from "@/db/schema";
import { dockerClientFor, type DockerClient, type DockerConnection } from "./docker-client";
import { openDockerSecret } from "./server-secrets";

/**
 * A server row's Docker connection with its secret opened: the row keeps the public part in `dockerConnection`
 * and the TLS client key or SSH private key sealed (server-secrets.ts). A missing secret leaves the key empty,
 * which the Docker module refuses as invalid settings (the server then shows `down` with that reason).
 */
export type ServerConnectionFields = Pick<Server, "id" | "dockerConnection" | "dockerSecretSealed">;

export function serverDockerConnection(server: ServerConnectionFields): DockerConnection {
  const c = server.dockerConnection;
  switch (c.kind) {
    case "socket":
      return { kind: "socket", socketPath: c.socketPath };
    case "tls":
      return { kind: "tls", host: c.host, port: c.port, ca: c.ca, cert: c.cert, key: openDockerSecret(server) };
    case "ssh":
      return { kind: "ssh", host: c.host, port: c.port, username: c.username, hostKeySha256: c.hostKeySha256, privateKey: openDockerSecret(server) };
  }
}

/** The server's cached client (replaced when its settings change). */
export function serverDockerClient(server: ServerConnectionFields): DockerClient {
  return dockerClientFor(server.id, serverDockerConnection(server));
}
