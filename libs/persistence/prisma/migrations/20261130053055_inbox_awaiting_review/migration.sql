-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN     "awaitingReview" BOOLEAN NOT NULL DEFAULT false;

-- Assignments recorded before this column: a period whose report waits for review.
UPDATE "Assignment" SET "awaitingReview" = true WHERE "status" -> 'periods' @> '[{"status": "submitted"}]'::jsonb;
