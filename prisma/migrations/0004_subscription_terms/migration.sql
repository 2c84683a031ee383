-- AlterTable
ALTER TABLE "Offer" ADD COLUMN "subscriptionShippingMinor" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Offer" ADD COLUMN "subscriptionRecurringShippingMinor" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Acceptance" ADD COLUMN "consentedAt" DATETIME;
ALTER TABLE "Acceptance" ADD COLUMN "consentedTerms" TEXT;
