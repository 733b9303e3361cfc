import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { regions } from "./regions";
import { rentals } from "./rentals";
import { bytea } from "./types";

/**
 * Docker hosts ("servers") and the relays that run on them. A relay is one derper container: the canary the
 * worker keeps on every enabled server (health and latency are known before the first customer), or one node
 * of a customer's rental (lib/containers: allocation, lifecycle, traffic, reconciliation).
 */

export const derpNaming = pgEnum("derp_naming", ["ip", "domain"]);
export const networkMode = pgEnum("network_mode", ["bridge", "host"]);
export const serverStatus = pgEnum("server_status", ["unknown", "up", "degraded", "down"]);

/**
 * How the platform reaches a server's Docker API, without its secret: the TLS client key or the SSH private key
 * lives sealed in `dockerSecretSealed`. The CA and client certificate are public and stored as PEM;
 * `hostKeySha256` is the pinned SSH host key as `ssh-keygen -lf` prints it (`SHA256:<base64>`).
 */
export type DockerConnection =
  | { kind: "socket"; socketPath: string }
  | { kind: "tls"; host: string; port: number; ca: string; cert: string }
  | { kind: "ssh"; host: string; port: number; username: string; hostKeySha256: string };

export interface HostInfo {
  dockerVersion: string;
  cpus: number;
  memoryBytes: number;
  containersRunning: number;
}

export const servers = pgTable(
  "servers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    regionId: uuid("region_id")
      .notNull()
      .references(() => regions.id, { onDelete: "restrict" }),
    publicIpv4: text("public_ipv4").notNull(),
    publicIpv6: text("public_ipv6"),
    /** ip: each relay gets a self-signed certificate for the IP, pinned by CertName; domain: `<relay>.<derpDomain>`. */
    derpNaming: derpNaming("derp_naming").notNull().default("ip"),
    derpDomain: text("derp_domain"),
    /** The operator's wildcard certificate (PEM, public) and its key (sealed), for domain naming. */
    wildcardCertPem: text("wildcard_cert_pem"),
    wildcardKeySealed: bytea("wildcard_key_sealed"),
    derpPortMin: integer("derp_port_min").notNull(),
    derpPortMax: integer("derp_port_max").notNull(),
    stunPortMin: integer("stun_port_min").notNull(),
    stunPortMax: integer("stun_port_max").notNull(),
    /** Customer relays this server may hold (the canary does not count). */
    capacity: integer("capacity").notNull(),
    networkMode: networkMode("network_mode").notNull().default("bridge"),
    /** Per relay; null: no limit. */
    relayCpuLimit: doublePrecision("relay_cpu_limit"),
    relayMemoryLimitBytes: bigint("relay_memory_limit_bytes", { mode: "number" }),
    enabled: boolean("enabled").notNull().default(true),
    /** A draining server keeps its relays but gets no new ones. */
    draining: boolean("draining").notNull().default(false),
    dockerConnection: jsonb("docker_connection").$type<DockerConnection>().notNull(),
    dockerSecretSealed: bytea("docker_secret_sealed"),
    status: serverStatus("status").notNull().default("unknown"),
    statusChangedAt: timestamp("status_changed_at", { withTimezone: true }),
    lastCheckedAt: timestamp("last_checked_at", { withTimezone: true }),
    lastError: text("last_error"),
    hostInfo: jsonb("host_info").$type<HostInfo>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Names are compared without case, so "Tokyo-1" and "tokyo-1" cannot both exist.
    uniqueIndex("servers_name_uq").on(sql`lower(${t.name})`),
    index("servers_region_idx").on(t.regionId),
    check("servers_capacity_ck", sql`${t.capacity} >= 1`),
    check("servers_derp_ports_ck", sql`${t.derpPortMin} between 1 and 65535 and ${t.derpPortMax} between ${t.derpPortMin} and 65535`),
    check("servers_stun_ports_ck", sql`${t.stunPortMin} between 1 and 65535 and ${t.stunPortMax} between ${t.stunPortMin} and 65535`),
    // The operator's firewall rules stay simple when DERP (TCP) and STUN (UDP) ports never share a number.
    check("servers_port_ranges_apart_ck", sql`${t.derpPortMax} < ${t.stunPortMin} or ${t.stunPortMax} < ${t.derpPortMin}`),
    check(
      "servers_domain_naming_ck",
      sql`${t.derpNaming} = 'ip' or (${t.derpDomain} is not null and ${t.wildcardCertPem} is not null and ${t.wildcardKeySealed} is not null)`,
    ),
    check("servers_relay_cpu_ck", sql`${t.relayCpuLimit} between 0.05 and 64`),
    check("servers_relay_memory_ck", sql`${t.relayMemoryLimitBytes} >= 33554432`),
  ],
);

export const relayKind = pgEnum("relay_kind", ["canary", "customer"]);
export const relayState = pgEnum("relay_state", ["creating", "running", "stopped", "failed", "released"]);

export const relays = pgTable(
  "relays",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    serverId: uuid("server_id")
      .notNull()
      .references(() => servers.id, { onDelete: "restrict" }),
    kind: relayKind("kind").notNull(),
    /** The Docker container's fixed name, derived from the row id; labels carry the id too. */
    containerName: text("container_name").notNull(),
    containerId: text("container_id"),
    derpPort: integer("derp_port").notNull(),
    stunPort: integer("stun_port").notNull(),
    hostname: text("hostname").notNull(),
    certPem: text("cert_pem"),
    certKeySealed: bytea("cert_key_sealed"),
    /** `sha256-raw:<hex>` for IP relays; null for domain relays (verified by the CA chain). */
    certName: text("cert_name"),
    certExpiresAt: timestamp("cert_expires_at", { withTimezone: true }),
    state: relayState("state").notNull().default("creating"),
    stateReason: text("state_reason"),
    stateChangedAt: timestamp("state_changed_at", { withTimezone: true }).notNull().defaultNow(),
    lastProbeAt: timestamp("last_probe_at", { withTimezone: true }),
    lastProbeOk: boolean("last_probe_ok"),
    /** Customer relays: the rental this node serves (null for the canary, or once the rental is deleted). */
    rentalId: uuid("rental_id").references(() => rentals.id, { onDelete: "set null" }),
    /** 0, or 1 for the second node of an HA rental (two servers of one region, meshed). */
    node: smallint("node").notNull().default(0),
    /** The image and configuration hash the container was created with: reconciliation recreates on drift. */
    image: text("image"),
    configHash: text("config_hash"),
    /**
     * The secret in this relay's admission URL: looked up by its keyed hash, kept sealed (bound to the relay id)
     * because the container must be created again with the same URL.
     */
    admissionSecretHash: bytea("admission_secret_hash"),
    admissionSecretSealed: bytea("admission_secret_sealed"),
    /** The key derper's /debug/ answers to (`?debugkey=`), sealed: the traffic sampler reads /debug/vars with it. */
    debugKeySealed: bytea("debug_key_sealed"),
    /** When the container last started (uptime on the relay card). */
    startedAt: timestamp("started_at", { withTimezone: true }),
    /** The counter totals of the last traffic sample; null: the container started since, so the next reading counts the whole counter. */
    lastDerpBytes: bigint("last_derp_bytes", { mode: "number" }),
    lastDockerBytes: bigint("last_docker_bytes", { mode: "number" }),
    lastSampledAt: timestamp("last_sampled_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("relays_container_name_uq").on(t.containerName),
    uniqueIndex("relays_admission_secret_uq").on(t.admissionSecretHash),
    // Never two live relays for one node of a rental, whatever races.
    uniqueIndex("relays_rental_node_uq").on(t.rentalId, t.node).where(sql`${t.rentalId} is not null and ${t.state} <> 'released'`),
    index("relays_rental_idx").on(t.rentalId),
    check("relays_node_ck", sql`${t.node} between 0 and 1`),
    // Ports are reserved while a relay exists and freed when it is released; the index makes two
    // concurrent reservations of one port fail instead of both succeeding.
    uniqueIndex("relays_server_derp_port_uq").on(t.serverId, t.derpPort).where(sql`${t.state} <> 'released'`),
    uniqueIndex("relays_server_stun_port_uq").on(t.serverId, t.stunPort).where(sql`${t.state} <> 'released'`),
    uniqueIndex("relays_one_canary_uq").on(t.serverId).where(sql`${t.kind} = 'canary' and ${t.state} <> 'released'`),
    index("relays_server_state_idx").on(t.serverId, t.state),
  ],
);

export const probeKind = pgEnum("probe_kind", ["https", "stun"]);

/** Raw probe results; rolled up hourly and daily, then pruned (LATENCY_RAW_RETENTION_DAYS). */
export const probeSamples = pgTable(
  "probe_samples",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    serverId: uuid("server_id")
      .notNull()
      .references(() => servers.id, { onDelete: "cascade" }),
    relayId: uuid("relay_id").references(() => relays.id, { onDelete: "set null" }),
    kind: probeKind("kind").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    ok: boolean("ok").notNull(),
    rttMs: real("rtt_ms"),
    error: text("error"),
  },
  (t) => [index("probe_samples_server_at_idx").on(t.serverId, t.at), index("probe_samples_at_idx").on(t.at)],
);

export const rollupGranularity = pgEnum("rollup_granularity", ["hour", "day"]);

export const probeRollups = pgTable(
  "probe_rollups",
  {
    serverId: uuid("server_id")
      .notNull()
      .references(() => servers.id, { onDelete: "cascade" }),
    kind: probeKind("kind").notNull(),
    granularity: rollupGranularity("granularity").notNull(),
    bucketStart: timestamp("bucket_start", { withTimezone: true }).notNull(),
    samples: integer("samples").notNull(),
    failures: integer("failures").notNull(),
    minMs: real("min_ms"),
    avgMs: real("avg_ms"),
    p95Ms: real("p95_ms"),
    maxMs: real("max_ms"),
  },
  (t) => [primaryKey({ columns: [t.serverId, t.kind, t.granularity, t.bucketStart] })],
);

/** One row per health check: what the load charts draw. */
export const serverLoadSamples = pgTable(
  "server_load_samples",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    serverId: uuid("server_id")
      .notNull()
      .references(() => servers.id, { onDelete: "cascade" }),
    at: timestamp("at", { withTimezone: true }).notNull(),
    status: serverStatus("status").notNull(),
    relaysRunning: integer("relays_running").notNull(),
    capacity: integer("capacity").notNull(),
    relayCpuPercent: real("relay_cpu_percent"),
    relayMemoryBytes: bigint("relay_memory_bytes", { mode: "number" }),
    hostCpus: integer("host_cpus"),
    hostMemoryBytes: bigint("host_memory_bytes", { mode: "number" }),
  },
  (t) => [index("server_load_samples_server_at_idx").on(t.serverId, t.at), index("server_load_samples_at_idx").on(t.at)],
);

/**
 * One traffic sample of a relay: the growth of both counter sources since the previous sample (derper's relayed
 * bytes from /debug/vars, and Docker's network counters). `derpBytes` is the billed figure (README, "Traffic").
 * A counter found lower than its last total means the relay restarted: the delta is then the new total.
 */
export const relayTrafficSamples = pgTable(
  "relay_traffic_samples",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    relayId: uuid("relay_id")
      .notNull()
      .references(() => relays.id, { onDelete: "cascade" }),
    rentalId: uuid("rental_id").references(() => rentals.id, { onDelete: "set null" }),
    serverId: uuid("server_id")
      .notNull()
      .references(() => servers.id, { onDelete: "cascade" }),
    at: timestamp("at", { withTimezone: true }).notNull(),
    derpBytes: bigint("derp_bytes", { mode: "number" }).notNull(),
    dockerBytes: bigint("docker_bytes", { mode: "number" }),
    derpTotal: bigint("derp_total", { mode: "number" }),
    dockerTotal: bigint("docker_total", { mode: "number" }),
    /** A counter went down since the last sample (derper or the container restarted). */
    counterReset: boolean("counter_reset").notNull().default(false),
  },
  (t) => [index("relay_traffic_samples_relay_at_idx").on(t.relayId, t.at), index("relay_traffic_samples_at_idx").on(t.at)],
);

/** Traffic per relay and hour, kept up to date in the sampling transaction (charts per rental, server, region). */
export const relayTrafficHourly = pgTable(
  "relay_traffic_hourly",
  {
    relayId: uuid("relay_id")
      .notNull()
      .references(() => relays.id, { onDelete: "cascade" }),
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    rentalId: uuid("rental_id").references(() => rentals.id, { onDelete: "set null" }),
    serverId: uuid("server_id")
      .notNull()
      .references(() => servers.id, { onDelete: "cascade" }),
    regionId: uuid("region_id").references(() => regions.id, { onDelete: "set null" }),
    derpBytes: bigint("derp_bytes", { mode: "number" }).notNull().default(0),
    dockerBytes: bigint("docker_bytes", { mode: "number" }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.relayId, t.hour] }),
    index("relay_traffic_hourly_rental_hour_idx").on(t.rentalId, t.hour),
    index("relay_traffic_hourly_server_hour_idx").on(t.serverId, t.hour),
    index("relay_traffic_hourly_region_hour_idx").on(t.regionId, t.hour),
  ],
);

export type Server = typeof servers.$inferSelect;
export type NewServer = typeof servers.$inferInsert;
export type ServerStatus = (typeof serverStatus.enumValues)[number];
export type Relay = typeof relays.$inferSelect;
export type RelayState = (typeof relayState.enumValues)[number];
export type ProbeKind = (typeof probeKind.enumValues)[number];
