import type { Server } from "@/db/schema";
import type { DockerConnection } from "../docker-client";
import type { DockerInput } from "./schemas";
import { openServerSecret } from "./secrets";
import { normaliseHostKeySha256 } from "./ssh-host-key";

/**
 * Docker settings as given, completed with the stored secret when the caller left it out and the kind is the
 * same ("leave empty to keep"). A missing secret stays empty, which validation names as a required field.
 * `secretGiven` says whether the caller sent a new one.
 */
export function dockerFromInput(input: DockerInput, current?: Pick<Server, "id" | "dockerConnection" | "dockerSecretSealed">): {
  connection: DockerConnection;
  secretGiven: boolean;
} {
  const stored = () =>
    current && current.dockerConnection.kind === input.kind && current.dockerSecretSealed
      ? openServerSecret(current.id, "docker", current.dockerSecretSealed)
      : "";
  switch (input.kind) {
    case "socket":
      return { connection: { kind: "socket", socketPath: input.socketPath }, secretGiven: false };
    case "tls":
      return {
        connection: { kind: "tls", host: input.host, port: input.port, ca: input.ca, cert: input.cert, key: input.key ?? stored() },
        secretGiven: input.key !== undefined,
      };
    case "ssh":
      return {
        connection: {
          kind: "ssh",
          host: input.host,
          port: input.port,
          username: input.username,
          hostKeySha256: input.hostKeySha256,
          privateKey: input.privateKey ?? stored(),
        },
        secretGiven: input.privateKey !== undefined,
      };
  }
}

/** True when settings differ from the stored ones (host keys compared in one notation). */
export function dockerSettingsChanged(next: DockerConnection, secretGiven: boolean, current: Pick<Server, "dockerConnection">): boolean {
  if (secretGiven) return true;
  const { key: _k, privateKey: _p, ...pub } = next as DockerConnection & { key?: string; privateKey?: string };
  return canonical(pub) !== canonical(current.dockerConnection);
}

function canonical(connection: Record<string, unknown>): string {
  const copy: Record<string, unknown> = { ...connection };
  if (typeof copy.hostKeySha256 === "string") copy.hostKeySha256 = normaliseHostKeySha256(copy.hostKeySha256) ?? copy.hostKeySha256;
  return JSON.stringify(Object.keys(copy).sort().map((k) => [k, copy[k]]));
}
