-- The tamper-evident audit trail (libs/persistence/README.md, "Audit trail").
-- Audit events and decisions of a cycle form one hash chain; AuditChain holds its head.
-- Rows written before this migration are not chained: the chain of a cycle starts at its
-- first new row, linked to a genesis hash derived from the cycle id.

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "chainSeq" INTEGER,
ADD COLUMN     "hash" TEXT,
ADD COLUMN     "prevHash" TEXT;

-- AlterTable
ALTER TABLE "Decision" ADD COLUMN     "chainSeq" INTEGER,
ADD COLUMN     "hash" TEXT,
ADD COLUMN     "prevHash" TEXT;

-- CreateTable
CREATE TABLE "AuditChain" (
    "cycleId" TEXT NOT NULL,
    "length" INTEGER NOT NULL DEFAULT 0,
    "headHash" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AuditChain_pkey" PRIMARY KEY ("cycleId")
);

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_cycleId_chainSeq_key" ON "AuditEvent"("cycleId", "chainSeq");

-- CreateIndex
CREATE UNIQUE INDEX "Decision_cycleId_chainSeq_key" ON "Decision"("cycleId", "chainSeq");

-- Every row written from now on must be chained. NOT VALID: rows already stored predate
-- the chain and stay as they are, but each new row (and any update) is checked.
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_chained_check"
  CHECK ("cycleId" IS NOT NULL AND "chainSeq" IS NOT NULL AND "prevHash" IS NOT NULL AND "hash" IS NOT NULL) NOT VALID;
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_chained_check"
  CHECK ("chainSeq" IS NOT NULL AND "prevHash" IS NOT NULL AND "hash" IS NOT NULL) NOT VALID;

-- plancycle_app: the privileges of the API and the workers. It may read and write every
-- table but may only add audit events and decisions, never change or remove them. It is
-- NOLOGIN: a deployment logs in as a role that is a member of it (README). Roles belong
-- to the whole server, so creating it is idempotent and tolerates a migration of another
-- database creating it at the same moment; a migrating user without CREATEROLE skips it
-- with a notice instead of failing the migration.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'plancycle_app') THEN
    BEGIN
      CREATE ROLE plancycle_app NOLOGIN;
    EXCEPTION
      WHEN duplicate_object OR unique_violation THEN NULL;
    END;
  END IF;
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO plancycle_app', current_schema());
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO plancycle_app', current_schema());
  EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO plancycle_app', current_schema());
  -- Tables of later migrations (made by the same migrating user) are granted too; a later
  -- audit-like table must revoke UPDATE and DELETE as below.
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO plancycle_app', current_schema());
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO plancycle_app', current_schema());
  REVOKE UPDATE, DELETE, TRUNCATE ON "AuditEvent", "Decision" FROM plancycle_app;
EXCEPTION
  WHEN insufficient_privilege THEN
    RAISE NOTICE 'role plancycle_app not set up (%); see libs/persistence/README.md', SQLERRM;
END
$$;
