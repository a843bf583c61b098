-- AlterTable
ALTER TABLE "Escalation" ADD COLUMN     "noticeNumber" INTEGER,
ADD COLUMN     "noticeYear" INTEGER;

-- CreateTable
CREATE TABLE "DocumentNumberSeries" (
    "series" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "DocumentNumberSeries_pkey" PRIMARY KEY ("series","year")
);

-- CreateIndex
CREATE UNIQUE INDEX "Escalation_noticeYear_noticeNumber_key" ON "Escalation"("noticeYear", "noticeNumber");

