-- AlterTable
ALTER TABLE "OfferItem" ADD COLUMN     "isBundle" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "UpgradeConfig" ADD COLUMN     "discountCode" TEXT,
ADD COLUMN     "replacementTitle" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "triggerSellingPlans" TEXT NOT NULL DEFAULT '[]';

