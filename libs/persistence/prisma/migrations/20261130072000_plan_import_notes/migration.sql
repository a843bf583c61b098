-- AlterTable
ALTER TABLE "Plan" ADD COLUMN     "importNotes" JSONB;
