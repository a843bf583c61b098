-- AlterEnum
ALTER TYPE "NoticeState" ADD VALUE 'digest';

-- AlterTable
ALTER TABLE "Notice" ADD COLUMN     "digestId" TEXT;

-- CreateTable
CREATE TABLE "NoticeDigest" (
    "id" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "recipientPersonId" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "state" "NoticeState" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAttemptAt" TIMESTAMP(3),
    "claimedUntil" TIMESTAMP(3),
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "NoticeDigest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "NoticeDigest_idempotencyKey_key" ON "NoticeDigest"("idempotencyKey");

-- CreateIndex
CREATE INDEX "NoticeDigest_state_nextAttemptAt_idx" ON "NoticeDigest"("state", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Notice_state_recipientPersonId_idx" ON "Notice"("state", "recipientPersonId");

-- CreateIndex
CREATE INDEX "Notice_digestId_idx" ON "Notice"("digestId");

-- AddForeignKey
ALTER TABLE "Notice" ADD CONSTRAINT "Notice_digestId_fkey" FOREIGN KEY ("digestId") REFERENCES "NoticeDigest"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NoticeDigest" ADD CONSTRAINT "NoticeDigest_recipientPersonId_fkey" FOREIGN KEY ("recipientPersonId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;
