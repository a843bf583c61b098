-- CreateTable
CREATE TABLE "CycleRuleSetAmendment" (
    "id" TEXT NOT NULL,
    "cycleId" TEXT NOT NULL,
    "ruleSetId" TEXT NOT NULL,
    "fromVersion" TEXT NOT NULL,
    "toVersion" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorRole" TEXT NOT NULL,
    "actorName" TEXT,
    "amendedAt" TIMESTAMP(3) NOT NULL,
    "amendmentKey" TEXT NOT NULL,

    CONSTRAINT "CycleRuleSetAmendment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CycleRuleSetAmendment_amendmentKey_key" ON "CycleRuleSetAmendment"("amendmentKey");

-- CreateIndex
CREATE INDEX "CycleRuleSetAmendment_cycleId_amendedAt_idx" ON "CycleRuleSetAmendment"("cycleId", "amendedAt");

-- AddForeignKey
ALTER TABLE "CycleRuleSetAmendment" ADD CONSTRAINT "CycleRuleSetAmendment_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "Cycle"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Amendments are history: append-only for the application role, like the audit trail.
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'plancycle_app') THEN
    REVOKE UPDATE, DELETE, TRUNCATE ON "CycleRuleSetAmendment" FROM plancycle_app;
  END IF;
EXCEPTION
  WHEN insufficient_privilege THEN
    RAISE NOTICE 'role plancycle_app not set up (%); see libs/persistence/README.md', SQLERRM;
END
$$;
