-- AlterTable
ALTER TABLE "UpgradeConfig" ADD COLUMN "provider" TEXT;
ALTER TABLE "UpgradeConfig" ADD COLUMN "frequencyAppliesToAllLines" BOOLEAN NOT NULL DEFAULT false;
