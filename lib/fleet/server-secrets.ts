import type { Server } from "@/db/schema";
import { sealer } from "@/lib/crypto/seal";

/**
 * The secrets a server row keeps sealed, each bound to the server id (a blob copied to another row does not
 * open): the Docker TLS client key or SSH private key (`dockerSecretSealed`), and the key of the operator's
 * wildcard certificate for domain naming (`wildcardKeySealed`).
 *
 * NOTE for the merge with the servers CRUD: this is the one place that names these purposes; the code that
 * saves a server seals with the same sealers.
 */
export const dockerSecretSealer = () => sealer("server docker secret aes-256-gcm v1");
export const wildcardKeySealer = () => sealer("server wildcard key aes-256-gcm v1");

export function openDockerSecret(server: Pick<Server, "id" | "dockerSecretSealed">): string {
  return server.dockerSecretSealed ? dockerSecretSealer().open(server.dockerSecretSealed, server.id).toString("utf8") : "";
}

export function openWildcardKey(server: Pick<Server, "id" | "wildcardKeySealed">): string | null {
  return server.wildcardKeySealed ? wildcardKeySealer().open(server.wildcardKeySealed, server.id).toString("utf8") : null;
}
