CREATE TABLE "dataset_indicators" (
	"dataset_id" text NOT NULL,
	"indicator_code" text NOT NULL,
	"observations" integer NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"area_levels" text[] DEFAULT '{}'::text[] NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "dataset_indicators_key" ON "dataset_indicators" USING btree ("dataset_id","indicator_code");--> statement-breakpoint
CREATE INDEX "dataset_indicators_indicator_idx" ON "dataset_indicators" USING btree ("indicator_code");--> statement-breakpoint
INSERT INTO "dataset_indicators" ("dataset_id", "indicator_code", "observations", "period_start", "period_end", "area_levels")
SELECT o."dataset_id", o."indicator_code", count(*)::int, min(o."period_start"), max(o."period_end"), array_agg(DISTINCT a."level")
FROM "observations" o JOIN "areas" a ON a."id" = o."area_id" WHERE o."version_to" IS NULL GROUP BY 1, 2;
