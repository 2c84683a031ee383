-- AlterTable
ALTER TABLE "UpgradeConfig" ADD COLUMN     "frequencyAppliesToAllLines" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "provider" TEXT;
