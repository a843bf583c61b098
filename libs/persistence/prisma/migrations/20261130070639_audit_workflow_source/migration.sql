-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "activityId" TEXT,
ADD COLUMN     "workflowId" TEXT,
ADD COLUMN     "workflowRunId" TEXT;

-- AlterTable
ALTER TABLE "Decision" ADD COLUMN     "activityId" TEXT,
ADD COLUMN     "workflowId" TEXT,
ADD COLUMN     "workflowRunId" TEXT;
