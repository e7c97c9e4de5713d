CREATE TABLE "access_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "access_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"key_prefix" text,
	"agency_code" text,
	"surface" text NOT NULL,
	"action" text NOT NULL,
	"dataset_id" text,
	"rows" integer,
	"request_id" text,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "api_clients" (
	"id" serial PRIMARY KEY NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"agency_code" text NOT NULL,
	"name" text NOT NULL,
	"scopes" text[] NOT NULL,
	"rate_limit" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "api_clients_prefix_unique" UNIQUE("prefix")
);
--> statement-breakpoint
CREATE TABLE "area_successions" (
	"id" serial PRIMARY KEY NOT NULL,
	"from_area_id" integer,
	"from_code" text NOT NULL,
	"from_name" text NOT NULL,
	"to_area_id" integer NOT NULL,
	"date" date NOT NULL,
	"kind" text NOT NULL,
	"share" text NOT NULL,
	"source" text,
	CONSTRAINT "area_successions_kind_check" CHECK ("area_successions"."kind" in ('merge', 'split', 'rename', 'recode', 'transfer')),
	CONSTRAINT "area_successions_share_check" CHECK ("area_successions"."share" in ('full', 'partial'))
);
--> statement-breakpoint
CREATE TABLE "areas" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"type" text NOT NULL,
	"level" text NOT NULL,
	"parent_code" text,
	"valid_from" date,
	"valid_to" date,
	"search_text" text NOT NULL,
	"centroid_lat" double precision,
	"centroid_lon" double precision,
	"boundary" jsonb,
	"source" text,
	CONSTRAINT "areas_code_valid_from_key" UNIQUE NULLS NOT DISTINCT("code","valid_from"),
	CONSTRAINT "areas_level_check" CHECK ("areas"."level" in ('province', 'district', 'commune')),
	CONSTRAINT "areas_validity_check" CHECK ("areas"."valid_to" is null or "areas"."valid_from" is null or "areas"."valid_to" > "areas"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "dataset_versions" (
	"dataset_id" text NOT NULL,
	"version" integer NOT NULL,
	"ingest_id" integer,
	"row_count" integer NOT NULL,
	"added" integer NOT NULL,
	"changed" integer NOT NULL,
	"removed" integer NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dataset_versions_dataset_id_version_pk" PRIMARY KEY("dataset_id","version")
);
--> statement-breakpoint
CREATE TABLE "datasets" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"title_en" text,
	"description" text DEFAULT '' NOT NULL,
	"description_en" text,
	"publisher_code" text NOT NULL,
	"themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"keywords" text[] DEFAULT '{}'::text[] NOT NULL,
	"license" text DEFAULT 'CC-BY-4.0' NOT NULL,
	"access" text DEFAULT 'open' NOT NULL,
	"kind" text NOT NULL,
	"update_frequency" text,
	"temporal_start" date,
	"temporal_end" date,
	"spatial_code" text,
	"table_schema" jsonb,
	"sources" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"contact_email" text,
	"version" integer DEFAULT 0 NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"issued" timestamp with time zone DEFAULT now() NOT NULL,
	"modified" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone,
	CONSTRAINT "datasets_access_check" CHECK ("datasets"."access" in ('open', 'shared', 'restricted')),
	CONSTRAINT "datasets_kind_check" CHECK ("datasets"."kind" in ('indicators', 'table'))
);
--> statement-breakpoint
CREATE TABLE "ingest_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"dataset_id" text NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"adapter" text NOT NULL,
	"actor" text NOT NULL,
	"mode" text DEFAULT 'replace' NOT NULL,
	"dry_run" boolean DEFAULT false NOT NULL,
	"status" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"rows_read" integer DEFAULT 0 NOT NULL,
	"rows_loaded" integer DEFAULT 0 NOT NULL,
	"rows_rejected" integer DEFAULT 0 NOT NULL,
	"added" integer DEFAULT 0 NOT NULL,
	"changed" integer DEFAULT 0 NOT NULL,
	"removed" integer DEFAULT 0 NOT NULL,
	"version" integer,
	"report" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicators" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"unit" text DEFAULT '' NOT NULL,
	"description" text,
	"additive" boolean DEFAULT false NOT NULL,
	"search_text" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "observations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "observations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
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
	"ingest_id" integer,
	"version_from" integer NOT NULL,
	"version_to" integer,
	CONSTRAINT "observations_period_check" CHECK ("observations"."period_end" >= "observations"."period_start")
);
--> statement-breakpoint
CREATE TABLE "publishers" (
	"code" text PRIMARY KEY NOT NULL,
	"name_vi" text NOT NULL,
	"name_en" text NOT NULL,
	"sector" text NOT NULL,
	"email" text,
	"url" text,
	"valid_from" date,
	"valid_to" date,
	"successor_code" text
);
--> statement-breakpoint
CREATE TABLE "records" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "records_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"dataset_id" text NOT NULL,
	"row_key" text NOT NULL,
	"data" jsonb NOT NULL,
	"area_id" integer,
	"area_code" text,
	"lat" double precision,
	"lon" double precision,
	"search_text" text DEFAULT '' NOT NULL,
	"ingest_id" integer,
	"version_from" integer NOT NULL,
	"version_to" integer
);
--> statement-breakpoint
CREATE TABLE "kho_meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "area_successions" ADD CONSTRAINT "area_successions_from_area_id_areas_id_fk" FOREIGN KEY ("from_area_id") REFERENCES "public"."areas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "area_successions" ADD CONSTRAINT "area_successions_to_area_id_areas_id_fk" FOREIGN KEY ("to_area_id") REFERENCES "public"."areas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset_versions" ADD CONSTRAINT "dataset_versions_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "datasets" ADD CONSTRAINT "datasets_publisher_code_publishers_code_fk" FOREIGN KEY ("publisher_code") REFERENCES "public"."publishers"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ingest_runs" ADD CONSTRAINT "ingest_runs_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_indicator_code_indicators_code_fk" FOREIGN KEY ("indicator_code") REFERENCES "public"."indicators"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "records" ADD CONSTRAINT "records_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "records" ADD CONSTRAINT "records_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_log_dataset_idx" ON "access_log" USING btree ("dataset_id","at");--> statement-breakpoint
CREATE INDEX "access_log_agency_idx" ON "access_log" USING btree ("agency_code","at");--> statement-breakpoint
CREATE INDEX "area_successions_from_idx" ON "area_successions" USING btree ("from_area_id");--> statement-breakpoint
CREATE INDEX "area_successions_to_idx" ON "area_successions" USING btree ("to_area_id");--> statement-breakpoint
CREATE INDEX "areas_level_validity_idx" ON "areas" USING btree ("level","valid_from","valid_to");--> statement-breakpoint
CREATE INDEX "areas_parent_idx" ON "areas" USING btree ("parent_code","valid_from");--> statement-breakpoint
CREATE INDEX "datasets_publisher_idx" ON "datasets" USING btree ("publisher_code");--> statement-breakpoint
CREATE INDEX "datasets_modified_idx" ON "datasets" USING btree ("modified","id");--> statement-breakpoint
CREATE INDEX "datasets_themes_idx" ON "datasets" USING gin ("themes");--> statement-breakpoint
CREATE INDEX "ingest_runs_dataset_idx" ON "ingest_runs" USING btree ("dataset_id","started_at");--> statement-breakpoint
CREATE INDEX "ingest_runs_sha_idx" ON "ingest_runs" USING btree ("dataset_id","sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "observations_current_key" ON "observations" USING btree ("dataset_id","indicator_code","area_id","period_start","period_end","dimensions_key") WHERE "observations"."version_to" is null;--> statement-breakpoint
CREATE INDEX "observations_indicator_area_period_idx" ON "observations" USING btree ("indicator_code","area_code","period_start") WHERE "observations"."version_to" is null;--> statement-breakpoint
CREATE INDEX "observations_area_period_idx" ON "observations" USING btree ("area_id","period_start") WHERE "observations"."version_to" is null;--> statement-breakpoint
CREATE INDEX "observations_dataset_version_idx" ON "observations" USING btree ("dataset_id","version_from","version_to");--> statement-breakpoint
CREATE UNIQUE INDEX "records_current_key" ON "records" USING btree ("dataset_id","row_key") WHERE "records"."version_to" is null;--> statement-breakpoint
CREATE INDEX "records_current_idx" ON "records" USING btree ("dataset_id","id") WHERE "records"."version_to" is null;--> statement-breakpoint
CREATE INDEX "records_area_idx" ON "records" USING btree ("dataset_id","area_code") WHERE "records"."version_to" is null;--> statement-breakpoint
CREATE INDEX "records_point_idx" ON "records" USING btree ("dataset_id","lat","lon") WHERE "records"."version_to" is null;--> statement-breakpoint
CREATE INDEX "records_dataset_version_idx" ON "records" USING btree ("dataset_id","version_from","version_to");