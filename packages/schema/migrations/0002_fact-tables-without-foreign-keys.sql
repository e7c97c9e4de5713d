ALTER TABLE "observations" DROP CONSTRAINT "observations_dataset_id_datasets_id_fk";
--> statement-breakpoint
ALTER TABLE "observations" DROP CONSTRAINT "observations_indicator_code_indicators_code_fk";
--> statement-breakpoint
ALTER TABLE "observations" DROP CONSTRAINT "observations_area_id_areas_id_fk";
--> statement-breakpoint
ALTER TABLE "records" DROP CONSTRAINT "records_dataset_id_datasets_id_fk";
--> statement-breakpoint
ALTER TABLE "records" DROP CONSTRAINT "records_area_id_areas_id_fk";
