-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OfferItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "offerId" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "productId" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "productTitle" TEXT NOT NULL,
    "variantTitle" TEXT NOT NULL DEFAULT '',
    "imageUrl" TEXT,
    "priceMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL DEFAULT 1,
    "subscriptionOnly" BOOLEAN NOT NULL DEFAULT false,
    "sellingPlans" TEXT NOT NULL DEFAULT '[]',
    "isBundle" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "OfferItem_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_OfferItem" ("currency", "id", "imageUrl", "offerId", "position", "priceMinor", "productId", "productTitle", "quantity", "sellingPlans", "subscriptionOnly", "variantId", "variantTitle") SELECT "currency", "id", "imageUrl", "offerId", "position", "priceMinor", "productId", "productTitle", "quantity", "sellingPlans", "subscriptionOnly", "variantId", "variantTitle" FROM "OfferItem";
DROP TABLE "OfferItem";
ALTER TABLE "new_OfferItem" RENAME TO "OfferItem";
CREATE INDEX "OfferItem_offerId_idx" ON "OfferItem"("offerId");
CREATE TABLE "new_UpgradeConfig" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "offerItemId" TEXT NOT NULL,
    "triggerProductId" TEXT NOT NULL,
    "triggerProductTitle" TEXT NOT NULL DEFAULT '',
    "triggerSellingPlans" TEXT NOT NULL DEFAULT '[]',
    "type" TEXT NOT NULL,
    "intervalUnit" TEXT,
    "deliveryIntervalCount" INTEGER,
    "billingIntervalCount" INTEGER,
    "providerSellingPlanId" TEXT,
    "applyAtEndOfCycle" BOOLEAN NOT NULL DEFAULT false,
    "replacementProductId" TEXT,
    "replacementVariantId" TEXT,
    "replacementTitle" TEXT NOT NULL DEFAULT '',
    "replacementQuantity" INTEGER,
    "discountType" TEXT NOT NULL DEFAULT 'none',
    "discountValue" INTEGER NOT NULL DEFAULT 0,
    "discountCode" TEXT,
    CONSTRAINT "UpgradeConfig_offerItemId_fkey" FOREIGN KEY ("offerItemId") REFERENCES "OfferItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_UpgradeConfig" ("applyAtEndOfCycle", "billingIntervalCount", "deliveryIntervalCount", "discountType", "discountValue", "id", "intervalUnit", "offerItemId", "providerSellingPlanId", "replacementProductId", "replacementQuantity", "replacementVariantId", "triggerProductId", "triggerProductTitle", "type") SELECT "applyAtEndOfCycle", "billingIntervalCount", "deliveryIntervalCount", "discountType", "discountValue", "id", "intervalUnit", "offerItemId", "providerSellingPlanId", "replacementProductId", "replacementQuantity", "replacementVariantId", "triggerProductId", "triggerProductTitle", "type" FROM "UpgradeConfig";
DROP TABLE "UpgradeConfig";
ALTER TABLE "new_UpgradeConfig" RENAME TO "UpgradeConfig";
CREATE UNIQUE INDEX "UpgradeConfig_offerItemId_key" ON "UpgradeConfig"("offerItemId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

