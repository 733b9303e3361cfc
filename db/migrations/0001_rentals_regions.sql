ALTER TYPE "public"."rental_status" ADD VALUE 'over_quota';--> statement-breakpoint
CREATE TABLE "regions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name_en" text NOT NULL,
	"name_zh" text NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"country" text,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "regions_code_ck" CHECK ("regions"."code" ~ '^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])$'),
	CONSTRAINT "regions_latitude_ck" CHECK ("regions"."latitude" between -90 and 90),
	CONSTRAINT "regions_longitude_ck" CHECK ("regions"."longitude" between -180 and 180),
	CONSTRAINT "regions_country_ck" CHECK ("regions"."country" ~ '^[A-Z]{2}$')
);
--> statement-breakpoint
-- order_status loses 'refunded', which nothing ever wrote. Postgres cannot drop a value from an enum, so
-- drizzle-kit recreates the type: the column goes through text, the type is dropped and created again, and the
-- column is cast back. Should a row hold 'refunded' after all, the cast back fails and the whole migration
-- rolls back instead of losing it.
ALTER TABLE "orders" ALTER COLUMN "status" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "orders" ALTER COLUMN "status" SET DEFAULT 'paid'::text;--> statement-breakpoint
DROP TYPE "public"."order_status";--> statement-breakpoint
CREATE TYPE "public"."order_status" AS ENUM('paid');--> statement-breakpoint
ALTER TABLE "orders" ALTER COLUMN "status" SET DEFAULT 'paid'::"public"."order_status";--> statement-breakpoint
ALTER TABLE "orders" ALTER COLUMN "status" SET DATA TYPE "public"."order_status" USING "status"::"public"."order_status";--> statement-breakpoint
ALTER TABLE "rentals" ADD COLUMN "region_id" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "regions_code_uq" ON "regions" USING btree ("code");--> statement-breakpoint
CREATE INDEX "regions_sort_idx" ON "regions" USING btree ("sort_order","code");--> statement-breakpoint
ALTER TABLE "rentals" ADD CONSTRAINT "rentals_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rentals_region_idx" ON "rentals" USING btree ("region_id");--> statement-breakpoint
-- >>> hand-written data migration: rentals.region (free text) -> rentals.region_id (re-apply after regenerating) >>>
-- Until now any string was stored as a rental's region. Each distinct non-null value is normalised: lower-cased,
-- every run of characters outside [a-z0-9] becomes one "-", leading and trailing "-" are trimmed, and the result is
-- cut to 32 characters (and trimmed of "-" again). A result that is a valid region code (2-32 characters) becomes
-- an INACTIVE region with that code, both names set to the code, and the rentals point at it, so no data is lost
-- and nothing new is offered to customers until an admin names and activates it; values that normalise to the
-- same code share one region. A result shorter than 2 characters (e.g. "x", "-", "!!") names no place we could
-- keep: those rentals get no region (null, "any region").
INSERT INTO "regions" ("code", "name_en", "name_zh", "active")
SELECT DISTINCT n."code", n."code", n."code", false
FROM (SELECT btrim(left(btrim(regexp_replace(lower(btrim("region")), '[^a-z0-9]+', '-', 'g'), '-'), 32), '-') AS "code" FROM "rentals" WHERE "region" IS NOT NULL) n
WHERE n."code" ~ '^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])$';--> statement-breakpoint
UPDATE "rentals" SET "region_id" = g."id"
FROM "regions" g
WHERE "rentals"."region" IS NOT NULL AND g."code" = btrim(left(btrim(regexp_replace(lower(btrim("rentals"."region")), '[^a-z0-9]+', '-', 'g'), '-'), 32), '-');--> statement-breakpoint
-- <<< end of hand-written data migration <<<
ALTER TABLE "rentals" DROP COLUMN "region";