-- The target's position on the assignment itself (frozen once published), so the cycle's list
-- pages in plan order on an index (keyset) instead of joining and sorting every target.
ALTER TABLE "Assignment" ADD COLUMN "targetPosition" INTEGER NOT NULL DEFAULT 0;

UPDATE "Assignment" a SET "targetPosition" = t."position" FROM "Target" t WHERE t."id" = a."targetId";

ALTER TABLE "Assignment" ALTER COLUMN "targetPosition" DROP DEFAULT;

-- CreateIndex
CREATE INDEX "Assignment_cycleId_targetPosition_role_id_idx" ON "Assignment"("cycleId", "targetPosition", "role", "id");

-- CreateIndex
CREATE INDEX "Assignment_nextDeadlineAt_id_idx" ON "Assignment"("nextDeadlineAt", "id");
