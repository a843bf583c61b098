-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "emailNotices" BOOLEAN NOT NULL DEFAULT true;
