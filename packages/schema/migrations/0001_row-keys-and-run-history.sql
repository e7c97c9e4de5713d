ALTER TABLE "ingest_runs" DROP CONSTRAINT "ingest_runs_dataset_id_datasets_id_fk";
--> statement-breakpoint
DROP INDEX "observations_current_key";--> statement-breakpoint
ALTER TABLE "observations" ADD COLUMN "row_key" text;--> statement-breakpoint
ALTER TABLE "observations" ADD COLUMN "row_hash" text;--> statement-breakpoint
ALTER TABLE "records" ADD COLUMN "row_hash" text;--> statement-breakpoint
UPDATE "observations" SET "row_key" = concat_ws('|', "indicator_code", "area_id", "period_start", "period_end", "dimensions_key"),
  "row_hash" = md5(concat_ws('|', "value", "flag", "granularity", "period_label", "attributes"::text));--> statement-breakpoint
UPDATE "records" SET "row_hash" = md5("data"::text);--> statement-breakpoint
ALTER TABLE "observations" ALTER COLUMN "row_key" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "observations" ALTER COLUMN "row_hash" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "records" ALTER COLUMN "row_hash" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "observations_current_key" ON "observations" USING btree ("dataset_id","row_key") WHERE "observations"."version_to" is null;
