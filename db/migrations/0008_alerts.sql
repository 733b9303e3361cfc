CREATE TYPE "public"."alert_event" AS ENUM('firing', 'resolved', 'test');--> statement-breakpoint
CREATE TYPE "public"."alert_status" AS ENUM('firing', 'resolved');--> statement-breakpoint
CREATE TYPE "public"."alert_target" AS ENUM('email', 'webhook');--> statement-breakpoint
CREATE TABLE "alert_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"alert_id" bigint,
	"rule" text NOT NULL,
	"event" "alert_event" NOT NULL,
	"target" "alert_target" NOT NULL,
	"destination" text NOT NULL,
	"ok" boolean NOT NULL,
	"http_status" integer,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "alert_settings" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"recipients" text[] DEFAULT '{}'::text[] NOT NULL,
	"mail_locale" "user_locale" DEFAULT 'en' NOT NULL,
	"webhook_url" text,
	"webhook_secret_sealed" "bytea",
	"probe_p95_ms" integer DEFAULT 500 NOT NULL,
	"quota_stop_burst" integer DEFAULT 5 NOT NULL,
	"quota_stop_window_minutes" integer DEFAULT 15 NOT NULL,
	"refusal_spike" integer DEFAULT 50 NOT NULL,
	"refusal_window_minutes" integer DEFAULT 10 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "alert_settings_single_ck" CHECK ("alert_settings"."id" = 1),
	CONSTRAINT "alert_settings_thresholds_ck" CHECK ("alert_settings"."probe_p95_ms" > 0 and "alert_settings"."quota_stop_burst" > 0 and "alert_settings"."refusal_spike" > 0),
	CONSTRAINT "alert_settings_windows_ck" CHECK ("alert_settings"."quota_stop_window_minutes" between 1 and 1440 and "alert_settings"."refusal_window_minutes" between 1 and 1440)
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"rule" text NOT NULL,
	"dedup_key" text NOT NULL,
	"status" "alert_status" DEFAULT 'firing' NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_settings" ADD CONSTRAINT "alert_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_deliveries_at_idx" ON "alert_deliveries" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_open_dedup_uq" ON "alerts" USING btree ("dedup_key") WHERE "alerts"."status" = 'firing';--> statement-breakpoint
CREATE INDEX "alerts_started_idx" ON "alerts" USING btree ("started_at");