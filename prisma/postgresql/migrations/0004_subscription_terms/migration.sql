-- AlterTable
ALTER TABLE "Offer" ADD COLUMN     "subscriptionShippingMinor" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "subscriptionRecurringShippingMinor" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Acceptance" ADD COLUMN     "consentedAt" TIMESTAMP(3),
ADD COLUMN     "consentedTerms" TEXT;
