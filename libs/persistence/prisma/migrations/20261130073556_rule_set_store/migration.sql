-- CreateEnum
CREATE TYPE "RuleSetVersionStatus" AS ENUM ('draft', 'published');

-- CreateTable
CREATE TABLE "RuleSetVersion" (
    "id" TEXT NOT NULL,
    "ruleSetId" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "major" INTEGER NOT NULL,
    "minor" INTEGER NOT NULL,
    "patch" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "status" "RuleSetVersionStatus" NOT NULL DEFAULT 'draft',
    "ruleFile" JSONB NOT NULL,
    "goldenCases" JSONB NOT NULL,
    "authorId" TEXT NOT NULL,
    "authorName" TEXT NOT NULL,
    "authorRole" TEXT NOT NULL,
    "changeNote" TEXT NOT NULL,
    "derivedFrom" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedAt" TIMESTAMP(3),
    "publishedById" TEXT,
    "publishedByName" TEXT,
    "publishKey" TEXT,

    CONSTRAINT "RuleSetVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RuleSetChange" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT NOT NULL,
    "actorName" TEXT NOT NULL,
    "actorRole" TEXT NOT NULL,
    "actorTokenId" TEXT,
    "action" TEXT NOT NULL,
    "ruleSetId" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "RuleSetChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RuleSetVersion_ruleSetId_status_major_minor_patch_idx" ON "RuleSetVersion"("ruleSetId", "status", "major", "minor", "patch");

-- CreateIndex
CREATE UNIQUE INDEX "RuleSetVersion_ruleSetId_version_key" ON "RuleSetVersion"("ruleSetId", "version");

-- CreateIndex
CREATE INDEX "RuleSetChange_ruleSetId_version_at_idx" ON "RuleSetChange"("ruleSetId", "version", "at");

-- CreateIndex
CREATE INDEX "RuleSetChange_at_idx" ON "RuleSetChange"("at");

-- A published version never changes: cycles pin { id, version } and must find what they
-- pinned. The repository refuses such writes; this trigger refuses them for anyone else
-- (the owner included), so an UPDATE or DELETE of a published row fails in the database.
CREATE FUNCTION "RuleSetVersion_published_immutable"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."status" = 'published' THEN
    RAISE EXCEPTION 'rule set %@% is published and cannot be changed', OLD."ruleSetId", OLD."version"
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER "RuleSetVersion_published_immutable"
  BEFORE UPDATE OR DELETE ON "RuleSetVersion"
  FOR EACH ROW EXECUTE FUNCTION "RuleSetVersion_published_immutable"();

-- The rule sets' change log is append-only for the application role, like the audit trail.
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'plancycle_app') THEN
    REVOKE UPDATE, DELETE, TRUNCATE ON "RuleSetChange" FROM plancycle_app;
    REVOKE TRUNCATE ON "RuleSetVersion" FROM plancycle_app;
  END IF;
EXCEPTION
  WHEN insufficient_privilege THEN
    RAISE NOTICE 'role plancycle_app not set up (%); see libs/persistence/README.md', SQLERRM;
END
$$;
