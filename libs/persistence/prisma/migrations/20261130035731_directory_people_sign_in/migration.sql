-- People, units and sign-in: the directory (units, aliases, people, leader scopes),
-- service tokens, the directory change log, and who acted on each audit event.

-- CreateEnum
CREATE TYPE "UnitStatus" AS ENUM ('proposed', 'active');

-- CreateEnum
CREATE TYPE "PersonRole" AS ENUM ('coordinator', 'department', 'leader', 'auditor', 'admin');

-- CreateEnum
CREATE TYPE "PersonStatus" AS ENUM ('active', 'disabled');

-- DropIndex
DROP INDEX "Assignment_unitId_idx";

-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN     "nextDeadlineAt" TIMESTAMP(3),
ADD COLUMN     "overdue" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "returned" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "actorName" TEXT,
ADD COLUMN     "actorTokenId" TEXT,
ADD COLUMN     "actorUnit" TEXT;

-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "leaderPersonId" TEXT;

-- AlterTable
ALTER TABLE "Unit" ADD COLUMN     "contactEmail" TEXT,
ADD COLUMN     "fullName" TEXT,
ADD COLUMN     "parentId" TEXT,
ADD COLUMN     "status" "UnitStatus" NOT NULL DEFAULT 'active',
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "webhookUrl" TEXT;

-- CreateTable
CREATE TABLE "UnitAlias" (
    "alias" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UnitAlias_pkey" PRIMARY KEY ("alias")
);

-- CreateTable
CREATE TABLE "Person" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" "PersonRole" NOT NULL,
    "unitId" TEXT,
    "status" "PersonStatus" NOT NULL DEFAULT 'active',
    "oidcSubject" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LeaderScope" (
    "personId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,

    CONSTRAINT "LeaderScope_pkey" PRIMARY KEY ("personId","unitId")
);

-- CreateTable
CREATE TABLE "ServiceToken" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "role" "PersonRole" NOT NULL,
    "unitId" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "ServiceToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DirectoryChange" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT NOT NULL,
    "actorName" TEXT NOT NULL,
    "actorRole" TEXT NOT NULL,
    "actorTokenId" TEXT,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "DirectoryChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "UnitAlias_unitId_idx" ON "UnitAlias"("unitId");

-- CreateIndex
CREATE UNIQUE INDEX "Person_email_key" ON "Person"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Person_oidcSubject_key" ON "Person"("oidcSubject");

-- CreateIndex
CREATE INDEX "Person_unitId_idx" ON "Person"("unitId");

-- CreateIndex
CREATE INDEX "LeaderScope_unitId_idx" ON "LeaderScope"("unitId");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceToken_tokenHash_key" ON "ServiceToken"("tokenHash");

-- CreateIndex
CREATE INDEX "DirectoryChange_entity_entityId_at_idx" ON "DirectoryChange"("entity", "entityId", "at");

-- CreateIndex
CREATE INDEX "DirectoryChange_at_idx" ON "DirectoryChange"("at");

-- CreateIndex
CREATE INDEX "Assignment_unitId_nextDeadlineAt_id_idx" ON "Assignment"("unitId", "nextDeadlineAt", "id");

-- CreateIndex
CREATE INDEX "Assignment_cycleId_unitId_idx" ON "Assignment"("cycleId", "unitId");

-- AddForeignKey
ALTER TABLE "Unit" ADD CONSTRAINT "Unit_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnitAlias" ADD CONSTRAINT "UnitAlias_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LeaderScope" ADD CONSTRAINT "LeaderScope_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LeaderScope" ADD CONSTRAINT "LeaderScope_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceToken" ADD CONSTRAINT "ServiceToken_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_leaderPersonId_fkey" FOREIGN KEY ("leaderPersonId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The directory's change log is append-only for the application role, like the audit trail.
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'plancycle_app') THEN
    REVOKE UPDATE, DELETE, TRUNCATE ON "DirectoryChange" FROM plancycle_app;
  END IF;
EXCEPTION
  WHEN insufficient_privilege THEN
    RAISE NOTICE 'role plancycle_app not set up (%); see libs/persistence/README.md', SQLERRM;
END
$$;
