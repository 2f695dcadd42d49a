-- AlterTable
ALTER TABLE "PurgeRun" ADD COLUMN     "stopRequestedAt" TIMESTAMP(3),
ADD COLUMN     "stopRequestedBy" TEXT;

