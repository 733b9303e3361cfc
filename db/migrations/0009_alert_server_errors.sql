ALTER TABLE "alert_settings" DROP CONSTRAINT "alert_settings_thresholds_ck";--> statement-breakpoint
ALTER TABLE "alert_settings" DROP CONSTRAINT "alert_settings_windows_ck";--> statement-breakpoint
ALTER TABLE "alert_settings" ADD COLUMN "server_error_burst" integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE "alert_settings" ADD COLUMN "server_error_window_minutes" integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "alert_settings" ADD CONSTRAINT "alert_settings_thresholds_ck" CHECK ("alert_settings"."probe_p95_ms" > 0 and "alert_settings"."quota_stop_burst" > 0 and "alert_settings"."refusal_spike" > 0 and "alert_settings"."server_error_burst" > 0);--> statement-breakpoint
ALTER TABLE "alert_settings" ADD CONSTRAINT "alert_settings_windows_ck" CHECK ("alert_settings"."quota_stop_window_minutes" between 1 and 1440 and "alert_settings"."refusal_window_minutes" between 1 and 1440 and "alert_settings"."server_error_window_minutes" between 1 and 1440);