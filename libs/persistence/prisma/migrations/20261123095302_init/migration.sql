-- CreateEnum
CREATE TYPE "PlanStatus" AS ENUM ('draft', 'published', 'closed');

-- CreateEnum
CREATE TYPE "UnitRole" AS ENUM ('lead', 'cooperating');

-- CreateEnum
CREATE TYPE "ReportStatus" AS ENUM ('submitted', 'approved', 'returned');

-- CreateTable
CREATE TABLE "Unit" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Unit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Plan" (
    "id" TEXT NOT NULL,
    "jurisdiction" TEXT,
    "year" INTEGER,
    "title" TEXT NOT NULL,
    "status" "PlanStatus" NOT NULL DEFAULT 'draft',
    "revision" INTEGER NOT NULL DEFAULT 1,
    "document" JSONB NOT NULL,
    "calendarSpec" JSONB,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Plan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Task" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "number" TEXT NOT NULL,
    "category" TEXT,
    "title" TEXT NOT NULL,
    "content" TEXT,
    "leader" TEXT,

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Target" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "taskId" TEXT,
    "position" INTEGER NOT NULL,
    "text" TEXT NOT NULL,

    CONSTRAINT "Target_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TargetUnit" (
    "targetId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "role" "UnitRole" NOT NULL,

    CONSTRAINT "TargetUnit_pkey" PRIMARY KEY ("targetId","unitId")
);

-- CreateTable
CREATE TABLE "Indicator" (
    "id" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "metric" TEXT,
    "kind" TEXT NOT NULL,
    "comparator" TEXT NOT NULL,
    "value" DOUBLE PRECISION,
    "max" DOUBLE PRECISION,
    "unit" TEXT,
    "stretch" BOOLEAN NOT NULL DEFAULT false,
    "baseline" DOUBLE PRECISION,
    "tolerance" DOUBLE PRECISION,

    CONSTRAINT "Indicator_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Cycle" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "phase" TEXT NOT NULL DEFAULT 'drafting',
    "ruleSets" JSONB,
    "calendar" JSONB,
    "childrenStarted" INTEGER NOT NULL DEFAULT 0,
    "childrenTotal" INTEGER NOT NULL DEFAULT 0,
    "publishedAt" TIMESTAMP(3),
    "publishedBy" TEXT,
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Cycle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Assignment" (
    "id" TEXT NOT NULL,
    "cycleId" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "role" "UnitRole" NOT NULL,
    "workflowId" TEXT NOT NULL,
    "phase" TEXT NOT NULL DEFAULT 'awaiting_acknowledgement',
    "escalationLevel" TEXT,
    "acknowledgedAt" TIMESTAMP(3),
    "acknowledgedBy" TEXT,
    "status" JSONB,
    "statusUpdatedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Assignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Report" (
    "id" TEXT NOT NULL,
    "assignmentId" TEXT NOT NULL,
    "periodKey" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "status" "ReportStatus" NOT NULL DEFAULT 'submitted',
    "narrative" TEXT NOT NULL,
    "evidence" JSONB NOT NULL,
    "submittedBy" TEXT NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Report_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportValue" (
    "reportId" TEXT NOT NULL,
    "indicatorId" TEXT NOT NULL,
    "value" DOUBLE PRECISION,
    "done" BOOLEAN,

    CONSTRAINT "ReportValue_pkey" PRIMARY KEY ("reportId","indicatorId")
);

-- CreateTable
CREATE TABLE "Review" (
    "id" TEXT NOT NULL,
    "reportId" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "comment" TEXT,
    "reviewedBy" TEXT NOT NULL,
    "reviewedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Review_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Decision" (
    "id" TEXT NOT NULL,
    "cycleId" TEXT NOT NULL,
    "assignmentId" TEXT,
    "indicatorId" TEXT,
    "periodKey" TEXT,
    "kind" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "ruleSetId" TEXT NOT NULL,
    "ruleSetVersion" TEXT NOT NULL,
    "facts" JSONB NOT NULL,
    "conditions" JSONB NOT NULL,
    "decidedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dedupeKey" TEXT NOT NULL,

    CONSTRAINT "Decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Escalation" (
    "id" TEXT NOT NULL,
    "assignmentId" TEXT NOT NULL,
    "periodKey" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "recipient" TEXT,
    "reason" TEXT NOT NULL,
    "decisionId" TEXT NOT NULL,
    "raisedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Escalation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Evaluation" (
    "id" TEXT NOT NULL,
    "cycleId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "progressDone" INTEGER NOT NULL DEFAULT 0,
    "progressTotal" INTEGER NOT NULL DEFAULT 0,
    "result" JSONB,
    "summaryText" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "Evaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT NOT NULL,
    "actorRole" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "planId" TEXT,
    "cycleId" TEXT,
    "assignmentId" TEXT,
    "reportId" TEXT,
    "ruleSetId" TEXT,
    "ruleSetVersion" TEXT,
    "details" JSONB NOT NULL,
    "dedupeKey" TEXT,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Unit_name_key" ON "Unit"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Task_planId_position_key" ON "Task"("planId", "position");

-- CreateIndex
CREATE INDEX "Target_planId_idx" ON "Target"("planId");

-- CreateIndex
CREATE INDEX "Indicator_targetId_idx" ON "Indicator"("targetId");

-- CreateIndex
CREATE UNIQUE INDEX "Cycle_planId_key" ON "Cycle"("planId");

-- CreateIndex
CREATE UNIQUE INDEX "Cycle_workflowId_key" ON "Cycle"("workflowId");

-- CreateIndex
CREATE UNIQUE INDEX "Assignment_workflowId_key" ON "Assignment"("workflowId");

-- CreateIndex
CREATE INDEX "Assignment_unitId_idx" ON "Assignment"("unitId");

-- CreateIndex
CREATE UNIQUE INDEX "Assignment_cycleId_targetId_unitId_key" ON "Assignment"("cycleId", "targetId", "unitId");

-- CreateIndex
CREATE UNIQUE INDEX "Report_assignmentId_idempotencyKey_key" ON "Report"("assignmentId", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "Report_assignmentId_periodKey_version_key" ON "Report"("assignmentId", "periodKey", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Review_reportId_key" ON "Review"("reportId");

-- CreateIndex
CREATE UNIQUE INDEX "Decision_dedupeKey_key" ON "Decision"("dedupeKey");

-- CreateIndex
CREATE INDEX "Decision_cycleId_kind_idx" ON "Decision"("cycleId", "kind");

-- CreateIndex
CREATE INDEX "Decision_assignmentId_idx" ON "Decision"("assignmentId");

-- CreateIndex
CREATE UNIQUE INDEX "Escalation_assignmentId_periodKey_level_key" ON "Escalation"("assignmentId", "periodKey", "level");

-- CreateIndex
CREATE UNIQUE INDEX "Evaluation_cycleId_key" ON "Evaluation"("cycleId");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_dedupeKey_key" ON "AuditEvent"("dedupeKey");

-- CreateIndex
CREATE INDEX "AuditEvent_cycleId_at_idx" ON "AuditEvent"("cycleId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_assignmentId_at_idx" ON "AuditEvent"("assignmentId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_planId_at_idx" ON "AuditEvent"("planId", "at");

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Target" ADD CONSTRAINT "Target_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Target" ADD CONSTRAINT "Target_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TargetUnit" ADD CONSTRAINT "TargetUnit_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TargetUnit" ADD CONSTRAINT "TargetUnit_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Indicator" ADD CONSTRAINT "Indicator_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Cycle" ADD CONSTRAINT "Cycle_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "Cycle"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Report" ADD CONSTRAINT "Report_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportValue" ADD CONSTRAINT "ReportValue_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportValue" ADD CONSTRAINT "ReportValue_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Review" ADD CONSTRAINT "Review_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "Cycle"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Escalation" ADD CONSTRAINT "Escalation_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evaluation" ADD CONSTRAINT "Evaluation_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "Cycle"("id") ON DELETE CASCADE ON UPDATE CASCADE;
