-- AlterTable
ALTER TABLE "UpgradeJob" ADD COLUMN "orderName" TEXT;
