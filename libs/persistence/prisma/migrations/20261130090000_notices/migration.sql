-- CreateEnum
CREATE TYPE "NoticeChannel" AS ENUM ('in_app', 'email', 'webhook');

-- CreateEnum
CREATE TYPE "NoticeState" AS ENUM ('pending', 'sent', 'failed');

-- AlterTable
ALTER TABLE "Cycle" ADD COLUMN     "holidayCalendar" JSONB;

-- CreateTable
CREATE TABLE "Notice" (
    "id" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "cycleId" TEXT NOT NULL,
    "assignmentId" TEXT,
    "periodKey" TEXT,
    "recipientPersonId" TEXT,
    "recipientUnitId" TEXT,
    "address" TEXT,
    "channel" "NoticeChannel" NOT NULL,
    "state" "NoticeState" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAttemptAt" TIMESTAMP(3),
    "claimedUntil" TIMESTAMP(3),
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "readAt" TIMESTAMP(3),

    CONSTRAINT "Notice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HolidayCalendarYear" (
    "year" INTEGER NOT NULL,
    "holidays" JSONB NOT NULL,
    "makeUpWorkdays" JSONB NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HolidayCalendarYear_pkey" PRIMARY KEY ("year")
);

-- CreateIndex
CREATE UNIQUE INDEX "Notice_idempotencyKey_key" ON "Notice"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Notice_recipientPersonId_channel_createdAt_idx" ON "Notice"("recipientPersonId", "channel", "createdAt");

-- CreateIndex
CREATE INDEX "Notice_state_nextAttemptAt_idx" ON "Notice"("state", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Notice_assignmentId_idx" ON "Notice"("assignmentId");

-- AddForeignKey
ALTER TABLE "Notice" ADD CONSTRAINT "Notice_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "Cycle"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notice" ADD CONSTRAINT "Notice_recipientPersonId_fkey" FOREIGN KEY ("recipientPersonId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;
