import { sealer, type Sealer } from "@/lib/crypto/seal";

/**
 * The secrets of a server (the Docker TLS client key or SSH private key, the wildcard certificate's key) are
 * sealed with AES-256-GCM under a key derived for this purpose only, bound to the server's id and to the column:
 * copied to another server or the other column, a ciphertext no longer opens. They are never answered to a
 * browser or an API caller, and never written to a log or an audit entry.
 */
const PURPOSE = "server secrets aes-256-gcm v1";

export type ServerSecret = "docker" | "wildcard";

let box: Sealer | undefined;
const sealerOf = () => (box ??= sealer(PURPOSE));

const associatedData = (serverId: string, which: ServerSecret) => `server:${serverId}:${which}`;

export function sealServerSecret(serverId: string, which: ServerSecret, plaintext: string): Buffer {
  return sealerOf().seal(plaintext, associatedData(serverId, which));
}

export function openServerSecret(serverId: string, which: ServerSecret, blob: Buffer): string {
  return sealerOf().open(blob, associatedData(serverId, which)).toString("utf8");
}
