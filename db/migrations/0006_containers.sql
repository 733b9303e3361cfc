CREATE TABLE "relay_traffic_hourly" (
	"relay_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"rental_id" uuid,
	"server_id" uuid NOT NULL,
	"region_id" uuid,
	"derp_bytes" bigint DEFAULT 0 NOT NULL,
	"docker_bytes" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "relay_traffic_hourly_relay_id_hour_pk" PRIMARY KEY("relay_id","hour")
);
--> statement-breakpoint
CREATE TABLE "relay_traffic_samples" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"relay_id" uuid NOT NULL,
	"rental_id" uuid,
	"server_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"derp_bytes" bigint NOT NULL,
	"docker_bytes" bigint,
	"derp_total" bigint,
	"docker_total" bigint,
	"counter_reset" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "relay_nodes" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "rentals" ADD COLUMN "relay_nodes" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "rentals" ADD COLUMN "derp_region_id" smallint;--> statement-breakpoint
ALTER TABLE "rentals" ADD COLUMN "mesh_key_sealed" "bytea";--> statement-breakpoint
ALTER TABLE "rentals" ADD COLUMN "allocation_problem" text;--> statement-breakpoint
ALTER TABLE "rentals" ADD COLUMN "allocation_problem_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "rentals" ADD COLUMN "quota_warned_for" bigint;--> statement-breakpoint
ALTER TABLE "rentals" ADD COLUMN "reminded_3d_for" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "rentals" ADD COLUMN "reminded_1d_for" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "relays" ADD COLUMN "rental_id" uuid;--> statement-breakpoint
ALTER TABLE "relays" ADD COLUMN "node" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "relays" ADD COLUMN "image" text;--> statement-breakpoint
ALTER TABLE "relays" ADD COLUMN "config_hash" text;--> statement-breakpoint
ALTER TABLE "relays" ADD COLUMN "admission_secret_hash" "bytea";--> statement-breakpoint
ALTER TABLE "relays" ADD COLUMN "admission_secret_sealed" "bytea";--> statement-breakpoint
ALTER TABLE "relays" ADD COLUMN "debug_key_sealed" "bytea";--> statement-breakpoint
ALTER TABLE "relays" ADD COLUMN "started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "relays" ADD COLUMN "last_derp_bytes" bigint;--> statement-breakpoint
ALTER TABLE "relays" ADD COLUMN "last_docker_bytes" bigint;--> statement-breakpoint
ALTER TABLE "relays" ADD COLUMN "last_sampled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "relay_traffic_hourly" ADD CONSTRAINT "relay_traffic_hourly_relay_id_relays_id_fk" FOREIGN KEY ("relay_id") REFERENCES "public"."relays"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relay_traffic_hourly" ADD CONSTRAINT "relay_traffic_hourly_rental_id_rentals_id_fk" FOREIGN KEY ("rental_id") REFERENCES "public"."rentals"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relay_traffic_hourly" ADD CONSTRAINT "relay_traffic_hourly_server_id_servers_id_fk" FOREIGN KEY ("server_id") REFERENCES "public"."servers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relay_traffic_hourly" ADD CONSTRAINT "relay_traffic_hourly_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relay_traffic_samples" ADD CONSTRAINT "relay_traffic_samples_relay_id_relays_id_fk" FOREIGN KEY ("relay_id") REFERENCES "public"."relays"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relay_traffic_samples" ADD CONSTRAINT "relay_traffic_samples_rental_id_rentals_id_fk" FOREIGN KEY ("rental_id") REFERENCES "public"."rentals"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relay_traffic_samples" ADD CONSTRAINT "relay_traffic_samples_server_id_servers_id_fk" FOREIGN KEY ("server_id") REFERENCES "public"."servers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "relay_traffic_hourly_rental_hour_idx" ON "relay_traffic_hourly" USING btree ("rental_id","hour");--> statement-breakpoint
CREATE INDEX "relay_traffic_hourly_server_hour_idx" ON "relay_traffic_hourly" USING btree ("server_id","hour");--> statement-breakpoint
CREATE INDEX "relay_traffic_hourly_region_hour_idx" ON "relay_traffic_hourly" USING btree ("region_id","hour");--> statement-breakpoint
CREATE INDEX "relay_traffic_samples_relay_at_idx" ON "relay_traffic_samples" USING btree ("relay_id","at");--> statement-breakpoint
CREATE INDEX "relay_traffic_samples_at_idx" ON "relay_traffic_samples" USING btree ("at");--> statement-breakpoint
ALTER TABLE "relays" ADD CONSTRAINT "relays_rental_id_rentals_id_fk" FOREIGN KEY ("rental_id") REFERENCES "public"."rentals"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "rentals_user_derp_region_uq" ON "rentals" USING btree ("user_id","derp_region_id") WHERE "rentals"."derp_region_id" is not null and "rentals"."status" <> 'released';--> statement-breakpoint
CREATE UNIQUE INDEX "relays_admission_secret_uq" ON "relays" USING btree ("admission_secret_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "relays_rental_node_uq" ON "relays" USING btree ("rental_id","node") WHERE "relays"."rental_id" is not null and "relays"."state" <> 'released';--> statement-breakpoint
CREATE INDEX "relays_rental_idx" ON "relays" USING btree ("rental_id");--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_relay_nodes_ck" CHECK ("plans"."relay_nodes" between 1 and 2);--> statement-breakpoint
ALTER TABLE "rentals" ADD CONSTRAINT "rentals_relay_nodes_ck" CHECK ("rentals"."relay_nodes" between 1 and 2);--> statement-breakpoint
ALTER TABLE "rentals" ADD CONSTRAINT "rentals_derp_region_ck" CHECK ("rentals"."derp_region_id" between 900 and 999);--> statement-breakpoint
ALTER TABLE "relays" ADD CONSTRAINT "relays_node_ck" CHECK ("relays"."node" between 0 and 1);