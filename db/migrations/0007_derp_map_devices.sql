CREATE TYPE "public"."control_server_kind" AS ENUM('headscale', 'tailscale');--> statement-breakpoint
CREATE TYPE "public"."derp_map_channel" AS ENUM('portal', 'link', 'api');--> statement-breakpoint
CREATE TYPE "public"."derp_map_format" AS ENUM('tailscale', 'json', 'headscale');--> statement-breakpoint
CREATE TABLE "admission_refusals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"relay_id" uuid,
	"node_key" text NOT NULL,
	"source_ip" text,
	"country" text,
	"region" text,
	"city" text,
	"reason" text NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	"first_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_at" timestamp with time zone DEFAULT now() NOT NULL,
	"dismissed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "control_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" "control_server_kind" NOT NULL,
	"base_url" text NOT NULL,
	"tailnet" text,
	"credential_sealed" "bytea" NOT NULL,
	"sync_enabled" boolean DEFAULT false NOT NULL,
	"last_sync_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "devices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"node_key" text NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"control_account_id" uuid,
	"external_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "derp_map_access_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"version_id" uuid,
	"action" text NOT NULL,
	"format" "derp_map_format",
	"channel" "derp_map_channel" NOT NULL,
	"ip" text,
	"country" text,
	"region" text,
	"city" text,
	"user_agent" text,
	"new_country" boolean DEFAULT false NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "derp_map_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" "bytea" NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "derp_map_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "derp_omit_default_regions" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "admission_refusals" ADD CONSTRAINT "admission_refusals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admission_refusals" ADD CONSTRAINT "admission_refusals_relay_id_relays_id_fk" FOREIGN KEY ("relay_id") REFERENCES "public"."relays"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "control_accounts" ADD CONSTRAINT "control_accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_control_account_id_control_accounts_id_fk" FOREIGN KEY ("control_account_id") REFERENCES "public"."control_accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "derp_map_access_log" ADD CONSTRAINT "derp_map_access_log_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "derp_map_access_log" ADD CONSTRAINT "derp_map_access_log_version_id_derp_map_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."derp_map_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "derp_map_links" ADD CONSTRAINT "derp_map_links_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "derp_map_versions" ADD CONSTRAINT "derp_map_versions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "admission_refusals_user_key_uq" ON "admission_refusals" USING btree ("user_id","node_key");--> statement-breakpoint
CREATE INDEX "admission_refusals_user_last_idx" ON "admission_refusals" USING btree ("user_id","last_at" DESC NULLS LAST) WHERE "admission_refusals"."dismissed_at" is null;--> statement-breakpoint
CREATE INDEX "control_accounts_user_idx" ON "control_accounts" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "devices_user_node_key_uq" ON "devices" USING btree ("user_id","node_key");--> statement-breakpoint
CREATE INDEX "devices_node_key_idx" ON "devices" USING btree ("node_key");--> statement-breakpoint
CREATE INDEX "derp_map_access_log_user_idx" ON "derp_map_access_log" USING btree ("user_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "derp_map_links_token_uq" ON "derp_map_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "derp_map_links_user_idx" ON "derp_map_links" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "derp_map_versions_user_version_uq" ON "derp_map_versions" USING btree ("user_id","version");