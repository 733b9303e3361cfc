import { isIPv4, isIPv6 } from "node:net";
import { z } from "zod";
import { regionCodeSchema } from "@/lib/regions/schemas";
import { isHostOrIp, normaliseDerpDomain } from "./host-name";

/**
 * Input of the servers domain, shared by the REST routes (JSON: numbers are JSON numbers, booleans JSON
 * booleans) and the admin form (text, read by `serverFormInput`). Structural rules live here; the rules that
 * need more than one field, the database or the file system (port ranges apart and large enough, the region,
 * certificates and keys, the socket) are checked by validate-server.ts, so that every problem is named at once.
 * Secrets are optional everywhere: leaving one out of an update keeps the stored one.
 */

export const MIB = 1024 * 1024;
export const MIN_RELAY_MEMORY_BYTES = 32 * MIB;
const MAX_RELAY_MEMORY_BYTES = 1024 * 1024 * MIB;
export const MAX_CAPACITY = 10_000;
const MAX_PEM = 64_000;

const name = z.string().trim().min(1).max(100);
const port = z.number().int().min(1).max(65535);
/** PEM text as pasted, stored with one final newline (as files hold it). */
const pem = z
  .string()
  .trim()
  .min(1)
  .max(MAX_PEM)
  .transform((s) => `${s}\n`);
const host = z.string().trim().toLowerCase().min(1).max(253).refine(isHostOrIp, "host_invalid");
const ipv4 = z.string().trim().refine((v) => isIPv4(v) && v !== "0.0.0.0" && v !== "255.255.255.255", "ipv4_invalid");
const ipv6 = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => isIPv6(v) && v !== "::", "ipv6_invalid");
const derpDomain = z.string().max(255).transform(normaliseDerpDomain);
const capacity = z.number().int().min(1).max(MAX_CAPACITY);
const cpu = z.number().min(0.05).max(64);
const memory = z.number().int().min(MIN_RELAY_MEMORY_BYTES).max(MAX_RELAY_MEMORY_BYTES);
const sshUser = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[a-z_][a-z0-9_.-]*\$?$/i, "ssh_user_invalid");

export const socketPathSchema = z.string().trim().min(1).max(1024).refine((p) => p.startsWith("/"), "socket_path_absolute");

/** How to reach the engine. There is no plain TCP: TCP is always mutual TLS. */
export const dockerInput = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("socket"), socketPath: socketPathSchema }),
    z.object({ kind: z.literal("tls"), host, port, ca: pem, cert: pem, key: pem.optional() }),
    z.object({
      kind: z.literal("ssh"),
      host,
      port: port.default(22),
      username: sshUser,
      privateKey: pem.optional(),
      /** `SHA256:<base64>` as `ssh-keygen -lf` prints it, or the same digest in hex. */
      hostKeySha256: z.string().trim().min(1).max(200),
    }),
  ],
  { error: (issue) => (issue.code === "invalid_union" ? "docker_kind_invalid" : undefined) },
);
export type DockerInput = z.output<typeof dockerInput>;

export const derpNamingSchema = z.enum(["ip", "domain"]);
export const networkModeSchema = z.enum(["bridge", "host"]);

/** POST /api/add_server. `region` is a region's code. */
export const serverInput = z.object({
  name,
  region: regionCodeSchema,
  publicIpv4: ipv4,
  publicIpv6: ipv6.nullish().transform((v) => v ?? null),
  derpNaming: derpNamingSchema.default("ip"),
  derpDomain: derpDomain.nullish().transform((v) => v || null),
  wildcardCertPem: pem.nullish().transform((v) => v ?? null),
  wildcardKeyPem: pem.nullish().transform((v) => v ?? null),
  derpPortMin: port,
  derpPortMax: port,
  stunPortMin: port,
  stunPortMax: port,
  capacity,
  networkMode: networkModeSchema.default("bridge"),
  relayCpuLimit: cpu.nullish().transform((v) => v ?? null),
  relayMemoryLimitBytes: memory.nullish().transform((v) => v ?? null),
  enabled: z.boolean().default(true),
  draining: z.boolean().default(false),
  docker: dockerInput,
});
export type ServerInput = z.output<typeof serverInput>;

/** PATCH /api/server/<id>: only the fields given change; null clears an optional one. `docker` is replaced whole. */
export const serverPatch = z.object({
  name: name.optional(),
  region: regionCodeSchema.optional(),
  publicIpv4: ipv4.optional(),
  publicIpv6: ipv6.nullable().optional(),
  derpNaming: derpNamingSchema.optional(),
  derpDomain: derpDomain.nullable().optional(),
  wildcardCertPem: pem.nullable().optional(),
  wildcardKeyPem: pem.optional(),
  derpPortMin: port.optional(),
  derpPortMax: port.optional(),
  stunPortMin: port.optional(),
  stunPortMax: port.optional(),
  capacity: capacity.optional(),
  networkMode: networkModeSchema.optional(),
  relayCpuLimit: cpu.nullable().optional(),
  relayMemoryLimitBytes: memory.nullable().optional(),
  enabled: z.boolean().optional(),
  draining: z.boolean().optional(),
  docker: dockerInput.optional(),
});
export type ServerPatch = z.output<typeof serverPatch>;

/** `GET /api/server/list` filters. */
export const serverListFilter = z.object({
  region: regionCodeSchema.optional(),
  status: z.enum(["unknown", "up", "degraded", "down"]).optional(),
  enabled: z.boolean().optional(),
});

// ---------- the admin form ----------

/** A checkbox sends "on" when ticked and nothing when not: missing is false. */
const checkbox = z.boolean().default(false);
const text = (max: number) => z.string().trim().max(max).optional();

/**
 * The form's fields (text, read as these types by lib/validation), with the Docker settings under `docker.*` names (so field errors name the same fields
 * as the API's) and the memory limit in MiB. Secret fields left empty are left out, which keeps a stored secret.
 */
export const serverFormFields = z.object({
  name: z.string().trim().min(1).max(100),
  region: regionCodeSchema,
  publicIpv4: z.string().max(100),
  publicIpv6: text(100),
  derpNaming: derpNamingSchema,
  derpDomain: text(255),
  wildcardCertPem: text(MAX_PEM),
  wildcardKeyPem: text(MAX_PEM),
  derpPortMin: z.number().int().min(1).max(65535),
  derpPortMax: z.number().int().min(1).max(65535),
  stunPortMin: z.number().int().min(1).max(65535),
  stunPortMax: z.number().int().min(1).max(65535),
  capacity: z.number().int().min(1).max(MAX_CAPACITY),
  networkMode: networkModeSchema,
  relayCpuLimit: z.number().min(0.05).max(64).optional(),
  relayMemoryLimitMiB: z.number().int().min(32).max(MAX_RELAY_MEMORY_BYTES / MIB).optional(),
  enabled: checkbox,
  draining: checkbox,
  "docker.kind": z.enum(["socket", "tls", "ssh"], { error: () => "docker_kind_invalid" }),
  "docker.socketPath": text(1024),
  "docker.host": text(253),
  "docker.port": z.number().int().min(1).max(65535).optional(),
  "docker.ca": text(MAX_PEM),
  "docker.cert": text(MAX_PEM),
  "docker.key": text(MAX_PEM),
  "docker.username": text(64),
  "docker.privateKey": text(MAX_PEM),
  "docker.hostKeySha256": text(200),
});
type ServerFormFields = z.output<typeof serverFormFields>;
type DockerFormField = Extract<keyof ServerFormFields, `docker.${string}`>;

/** The form's Docker fields as the JSON input's `docker` (the fields of the chosen kind only). */
export function dockerFormToInput(v: Pick<ServerFormFields, DockerFormField>): Record<string, unknown> {
  switch (v["docker.kind"]) {
    case "socket":
      return { kind: "socket", socketPath: v["docker.socketPath"] };
    case "tls":
      return { kind: "tls", host: v["docker.host"], port: v["docker.port"], ca: v["docker.ca"], cert: v["docker.cert"], key: v["docker.key"] || undefined };
    case "ssh":
      return {
        kind: "ssh",
        host: v["docker.host"],
        port: v["docker.port"] ?? 22,
        username: v["docker.username"],
        privateKey: v["docker.privateKey"] || undefined,
        hostKeySha256: v["docker.hostKeySha256"],
      };
  }
}

/** The form's values as the JSON input (then checked by the same schema, so both say the same). */
export function serverFormToInput(v: ServerFormFields): Record<string, unknown> {
  const docker = dockerFormToInput(v);
  const domain = v.derpNaming === "domain";
  return {
    name: v.name,
    region: v.region,
    publicIpv4: v.publicIpv4,
    publicIpv6: v.publicIpv6 || null,
    derpNaming: v.derpNaming,
    derpDomain: domain ? v.derpDomain || null : null,
    wildcardCertPem: domain ? v.wildcardCertPem || null : null,
    wildcardKeyPem: domain ? v.wildcardKeyPem || undefined : undefined,
    derpPortMin: v.derpPortMin,
    derpPortMax: v.derpPortMax,
    stunPortMin: v.stunPortMin,
    stunPortMax: v.stunPortMax,
    capacity: v.capacity,
    networkMode: v.networkMode,
    relayCpuLimit: v.relayCpuLimit ?? null,
    relayMemoryLimitBytes: v.relayMemoryLimitMiB === undefined ? null : v.relayMemoryLimitMiB * MIB,
    enabled: v.enabled,
    draining: v.draining,
    docker,
  };
}

export const serverFormCreateInput = serverFormFields.transform(serverFormToInput).pipe(serverInput);

/** The form as a whole update of server `id`: every field it shows is set; secrets left empty are kept. */
export const serverFormUpdateInput = serverFormFields
  .extend({ id: z.uuid() })
  .transform((v) => ({ ...serverFormToInput(v), id: v.id }))
  .pipe(serverPatch.extend({ id: z.string() }));

const dockerFormFields = serverFormFields.pick({
  "docker.kind": true,
  "docker.socketPath": true,
  "docker.host": true,
  "docker.port": true,
  "docker.ca": true,
  "docker.cert": true,
  "docker.key": true,
  "docker.username": true,
  "docker.privateKey": true,
  "docker.hostKeySha256": true,
});

/** The form's "Test connection": its Docker fields, and the server whose stored secrets fill empty ones. */
export const dockerFormTestInput = dockerFormFields
  .extend({ serverId: z.uuid().optional() })
  .transform((v): Record<string, unknown> => ({ serverId: v.serverId, docker: dockerFormToInput(v) }))
  .pipe(z.object({ serverId: z.string().optional(), docker: dockerInput }));
