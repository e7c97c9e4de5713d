-- Observations become a table partitioned by hash of dataset_id (16 partitions), so every
-- index stays a sixteenth of the whole and a dataset's load, versions and downloads touch one
-- partition. Written by hand: drizzle-kit does not model partitioning. Existing rows move over.
ALTER TABLE "observations" RENAME TO "observations_unpartitioned";--> statement-breakpoint
ALTER INDEX "observations_pkey" RENAME TO "observations_unpartitioned_pkey";--> statement-breakpoint
ALTER INDEX "observations_current_key" RENAME TO "observations_unpartitioned_current_key";--> statement-breakpoint
ALTER INDEX "observations_indicator_area_period_idx" RENAME TO "observations_unpartitioned_iap_idx";--> statement-breakpoint
ALTER INDEX "observations_area_period_idx" RENAME TO "observations_unpartitioned_ap_idx";--> statement-breakpoint
ALTER INDEX "observations_dataset_version_idx" RENAME TO "observations_unpartitioned_dv_idx";--> statement-breakpoint
ALTER TABLE "observations_unpartitioned" RENAME CONSTRAINT "observations_period_check" TO "observations_unpartitioned_period_check";--> statement-breakpoint
CREATE SEQUENCE "observations_row_id_seq";--> statement-breakpoint
SELECT setval('observations_row_id_seq', coalesce((SELECT max("id") FROM "observations_unpartitioned"), 0) + 1, false);--> statement-breakpoint
CREATE TABLE "observations" (
	"id" bigint DEFAULT nextval('observations_row_id_seq') NOT NULL,
	"dataset_id" text NOT NULL,
	"indicator_code" text NOT NULL,
	"area_id" integer NOT NULL,
	"area_code" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"granularity" text NOT NULL,
	"period_label" text,
	"value" double precision,
	"dimensions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"dimensions_key" text DEFAULT '' NOT NULL,
	"flag" text,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"row_key" text NOT NULL,
	"row_hash" text NOT NULL,
	"ingest_id" integer,
	"version_from" integer NOT NULL,
	"version_to" integer,
	CONSTRAINT "observations_pkey" PRIMARY KEY ("dataset_id", "id"),
	CONSTRAINT "observations_period_check" CHECK ("period_end" >= "period_start")
) PARTITION BY HASH ("dataset_id");--> statement-breakpoint
DO $$
BEGIN
  FOR i IN 0..15 LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF "observations" FOR VALUES WITH (MODULUS 16, REMAINDER %s)', 'observations_p' || lpad(i::text, 2, '0'), i);
  END LOOP;
END $$;--> statement-breakpoint
INSERT INTO "observations" ("id", "dataset_id", "indicator_code", "area_id", "area_code", "period_start", "period_end", "granularity",
  "period_label", "value", "dimensions", "dimensions_key", "flag", "attributes", "row_key", "row_hash", "ingest_id", "version_from", "version_to")
SELECT "id", "dataset_id", "indicator_code", "area_id", "area_code", "period_start", "period_end", "granularity",
  "period_label", "value", "dimensions", "dimensions_key", "flag", "attributes", "row_key", "row_hash", "ingest_id", "version_from", "version_to"
FROM "observations_unpartitioned";--> statement-breakpoint
DROP TABLE "observations_unpartitioned";--> statement-breakpoint
ALTER SEQUENCE "observations_row_id_seq" OWNED BY "observations"."id";--> statement-breakpoint
CREATE UNIQUE INDEX "observations_current_key" ON "observations" USING btree ("dataset_id", "row_key") WHERE "version_to" IS NULL;--> statement-breakpoint
CREATE INDEX "observations_indicator_area_period_idx" ON "observations" USING btree ("indicator_code", "area_code", "period_start") WHERE "version_to" IS NULL;--> statement-breakpoint
CREATE INDEX "observations_area_period_idx" ON "observations" USING btree ("area_id", "period_start") WHERE "version_to" IS NULL;--> statement-breakpoint
CREATE INDEX "observations_dataset_version_idx" ON "observations" USING btree ("dataset_id", "version_from", "version_to");
