-- AlterTable
ALTER TABLE "PurgeRun" ADD COLUMN "stopRequestedAt" DATETIME;
ALTER TABLE "PurgeRun" ADD COLUMN "stopRequestedBy" TEXT;

