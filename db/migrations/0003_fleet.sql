CREATE TYPE "public"."derp_naming" AS ENUM('ip', 'domain');--> statement-breakpoint
CREATE TYPE "public"."network_mode" AS ENUM('bridge', 'host');--> statement-breakpoint
CREATE TYPE "public"."probe_kind" AS ENUM('https', 'stun');--> statement-breakpoint
CREATE TYPE "public"."relay_kind" AS ENUM('canary', 'customer');--> statement-breakpoint
CREATE TYPE "public"."relay_state" AS ENUM('creating', 'running', 'stopped', 'failed', 'released');--> statement-breakpoint
CREATE TYPE "public"."rollup_granularity" AS ENUM('hour', 'day');--> statement-breakpoint
CREATE TYPE "public"."server_status" AS ENUM('unknown', 'up', 'degraded', 'down');--> statement-breakpoint
CREATE TABLE "probe_rollups" (
	"server_id" uuid NOT NULL,
	"kind" "probe_kind" NOT NULL,
	"granularity" "rollup_granularity" NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"samples" integer NOT NULL,
	"failures" integer NOT NULL,
	"min_ms" real,
	"avg_ms" real,
	"p95_ms" real,
	"max_ms" real,
	CONSTRAINT "probe_rollups_server_id_kind_granularity_bucket_start_pk" PRIMARY KEY("server_id","kind","granularity","bucket_start")
);
--> statement-breakpoint
CREATE TABLE "probe_samples" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"server_id" uuid NOT NULL,
	"relay_id" uuid,
	"kind" "probe_kind" NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"ok" boolean NOT NULL,
	"rtt_ms" real,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "relays" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"server_id" uuid NOT NULL,
	"kind" "relay_kind" NOT NULL,
	"container_name" text NOT NULL,
	"container_id" text,
	"derp_port" integer NOT NULL,
	"stun_port" integer NOT NULL,
	"hostname" text NOT NULL,
	"cert_pem" text,
	"cert_key_sealed" "bytea",
	"cert_name" text,
	"cert_expires_at" timestamp with time zone,
	"state" "relay_state" DEFAULT 'creating' NOT NULL,
	"state_reason" text,
	"state_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_probe_at" timestamp with time zone,
	"last_probe_ok" boolean,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "server_load_samples" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"server_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"status" "server_status" NOT NULL,
	"relays_running" integer NOT NULL,
	"capacity" integer NOT NULL,
	"relay_cpu_percent" real,
	"relay_memory_bytes" bigint,
	"host_cpus" integer,
	"host_memory_bytes" bigint
);
--> statement-breakpoint
CREATE TABLE "servers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"region_id" uuid NOT NULL,
	"public_ipv4" text NOT NULL,
	"public_ipv6" text,
	"derp_naming" "derp_naming" DEFAULT 'ip' NOT NULL,
	"derp_domain" text,
	"wildcard_cert_pem" text,
	"wildcard_key_sealed" "bytea",
	"derp_port_min" integer NOT NULL,
	"derp_port_max" integer NOT NULL,
	"stun_port_min" integer NOT NULL,
	"stun_port_max" integer NOT NULL,
	"capacity" integer NOT NULL,
	"network_mode" "network_mode" DEFAULT 'bridge' NOT NULL,
	"relay_cpu_limit" double precision,
	"relay_memory_limit_bytes" bigint,
	"enabled" boolean DEFAULT true NOT NULL,
	"draining" boolean DEFAULT false NOT NULL,
	"docker_connection" jsonb NOT NULL,
	"docker_secret_sealed" "bytea",
	"status" "server_status" DEFAULT 'unknown' NOT NULL,
	"status_changed_at" timestamp with time zone,
	"last_checked_at" timestamp with time zone,
	"last_error" text,
	"host_info" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "servers_capacity_ck" CHECK ("servers"."capacity" >= 1),
	CONSTRAINT "servers_derp_ports_ck" CHECK ("servers"."derp_port_min" between 1 and 65535 and "servers"."derp_port_max" between "servers"."derp_port_min" and 65535),
	CONSTRAINT "servers_stun_ports_ck" CHECK ("servers"."stun_port_min" between 1 and 65535 and "servers"."stun_port_max" between "servers"."stun_port_min" and 65535),
	CONSTRAINT "servers_port_ranges_apart_ck" CHECK ("servers"."derp_port_max" < "servers"."stun_port_min" or "servers"."stun_port_max" < "servers"."derp_port_min"),
	CONSTRAINT "servers_domain_naming_ck" CHECK ("servers"."derp_naming" = 'ip' or ("servers"."derp_domain" is not null and "servers"."wildcard_cert_pem" is not null and "servers"."wildcard_key_sealed" is not null)),
	CONSTRAINT "servers_relay_cpu_ck" CHECK ("servers"."relay_cpu_limit" between 0.05 and 64),
	CONSTRAINT "servers_relay_memory_ck" CHECK ("servers"."relay_memory_limit_bytes" >= 33554432)
);
--> statement-breakpoint
ALTER TABLE "probe_rollups" ADD CONSTRAINT "probe_rollups_server_id_servers_id_fk" FOREIGN KEY ("server_id") REFERENCES "public"."servers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "probe_samples" ADD CONSTRAINT "probe_samples_server_id_servers_id_fk" FOREIGN KEY ("server_id") REFERENCES "public"."servers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "probe_samples" ADD CONSTRAINT "probe_samples_relay_id_relays_id_fk" FOREIGN KEY ("relay_id") REFERENCES "public"."relays"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relays" ADD CONSTRAINT "relays_server_id_servers_id_fk" FOREIGN KEY ("server_id") REFERENCES "public"."servers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "server_load_samples" ADD CONSTRAINT "server_load_samples_server_id_servers_id_fk" FOREIGN KEY ("server_id") REFERENCES "public"."servers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "servers" ADD CONSTRAINT "servers_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "probe_samples_server_at_idx" ON "probe_samples" USING btree ("server_id","at");--> statement-breakpoint
CREATE INDEX "probe_samples_at_idx" ON "probe_samples" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "relays_container_name_uq" ON "relays" USING btree ("container_name");--> statement-breakpoint
CREATE UNIQUE INDEX "relays_server_derp_port_uq" ON "relays" USING btree ("server_id","derp_port") WHERE "relays"."state" <> 'released';--> statement-breakpoint
CREATE UNIQUE INDEX "relays_server_stun_port_uq" ON "relays" USING btree ("server_id","stun_port") WHERE "relays"."state" <> 'released';--> statement-breakpoint
CREATE UNIQUE INDEX "relays_one_canary_uq" ON "relays" USING btree ("server_id") WHERE "relays"."kind" = 'canary' and "relays"."state" <> 'released';--> statement-breakpoint
CREATE INDEX "relays_server_state_idx" ON "relays" USING btree ("server_id","state");--> statement-breakpoint
CREATE INDEX "server_load_samples_server_at_idx" ON "server_load_samples" USING btree ("server_id","at");--> statement-breakpoint
CREATE INDEX "server_load_samples_at_idx" ON "server_load_samples" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "servers_name_uq" ON "servers" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "servers_region_idx" ON "servers" USING btree ("region_id");