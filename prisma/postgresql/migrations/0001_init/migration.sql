-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMP(3),
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" TIMESTAMP(3),

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Shop" (
    "id" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "installedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" TIMESTAMP(3),
    "subscriptionUpgradesBeta" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Shop_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProviderConnection" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "tokenCiphertext" TEXT NOT NULL,
    "tokenLast4" TEXT NOT NULL,
    "testState" TEXT NOT NULL DEFAULT 'untested',
    "testMessage" TEXT,
    "missingScopes" TEXT NOT NULL DEFAULT '[]',
    "verifiedAt" TIMESTAMP(3),
    "needsRetest" BOOLEAN NOT NULL DEFAULT false,
    "needsRetestReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProviderConnection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Funnel" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "priority" INTEGER NOT NULL DEFAULT 0,
    "triggerProductIds" TEXT NOT NULL DEFAULT '[]',
    "subscriptionTrigger" TEXT NOT NULL DEFAULT 'off',
    "showToAll" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Funnel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Offer" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "funnelId" TEXT NOT NULL,
    "parentOfferId" TEXT,
    "branch" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "kind" TEXT NOT NULL,
    "headline" TEXT NOT NULL DEFAULT '',
    "body" TEXT NOT NULL DEFAULT '',
    "purchaseOption" TEXT NOT NULL DEFAULT 'one_time',
    "defaultOption" TEXT NOT NULL DEFAULT 'one_time',
    "lockedSellingPlanId" TEXT,
    "discountType" TEXT NOT NULL DEFAULT 'none',
    "discountValue" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Offer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OfferItem" (
    "id" TEXT NOT NULL,
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

    CONSTRAINT "OfferItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UpgradeConfig" (
    "id" TEXT NOT NULL,
    "offerItemId" TEXT NOT NULL,
    "triggerProductId" TEXT NOT NULL,
    "triggerProductTitle" TEXT NOT NULL DEFAULT '',
    "type" TEXT NOT NULL,
    "intervalUnit" TEXT,
    "deliveryIntervalCount" INTEGER,
    "billingIntervalCount" INTEGER,
    "providerSellingPlanId" TEXT,
    "applyAtEndOfCycle" BOOLEAN NOT NULL DEFAULT false,
    "replacementProductId" TEXT,
    "replacementVariantId" TEXT,
    "replacementQuantity" INTEGER,
    "discountType" TEXT NOT NULL DEFAULT 'none',
    "discountValue" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "UpgradeConfig_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SignedChangeset" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "jti" TEXT NOT NULL,
    "referenceId" TEXT NOT NULL,
    "offerId" TEXT,
    "changes" TEXT NOT NULL,
    "snapshot" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "appliedAt" TIMESTAMP(3),
    "appliedVia" TEXT,

    CONSTRAINT "SignedChangeset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Acceptance" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "referenceId" TEXT NOT NULL,
    "orderId" TEXT,
    "customerId" TEXT,
    "funnelId" TEXT,
    "offerId" TEXT,
    "offerKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "chosenOption" TEXT NOT NULL,
    "sellingPlanId" TEXT,
    "signedChangesetId" TEXT,
    "amountMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Acceptance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OfferEvent" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "referenceId" TEXT NOT NULL,
    "offerId" TEXT,
    "offerKey" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "customerId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OfferEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UpgradeJob" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "acceptanceId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "orderId" TEXT,
    "customerId" TEXT,
    "customerName" TEXT,
    "request" TEXT NOT NULL,
    "attemptsUsed" INTEGER NOT NULL DEFAULT 0,
    "scheduledFor" TIMESTAMP(3),
    "nextAttemptAt" TIMESTAMP(3),
    "providerSubscriptionId" TEXT,
    "progress" TEXT NOT NULL DEFAULT '{}',
    "lastErrorClass" TEXT,
    "lastErrorMessage" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "UpgradeJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UpgradeAttempt" (
    "id" TEXT NOT NULL,
    "upgradeJobId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),
    "outcome" TEXT NOT NULL DEFAULT 'running',
    "errorClass" TEXT,
    "errorMessage" TEXT,
    "providerSummary" TEXT,

    CONSTRAINT "UpgradeAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxEvent" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "customerId" TEXT,
    "availableAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dispatchedAt" TIMESTAMP(3),
    "dispatchAttempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OutboxEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" TEXT NOT NULL,
    "shopId" TEXT,
    "shopDomain" TEXT,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "oldValue" TEXT,
    "newValue" TEXT,
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PostscriptConnection" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "keyword" TEXT NOT NULL,
    "apiKeyCiphertext" TEXT NOT NULL,
    "apiKeyLast4" TEXT NOT NULL,
    "verifiedAt" TIMESTAMP(3),
    "enabledEvents" TEXT NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PostscriptConnection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PostscriptDelivery" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "eventType" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "customerId" TEXT,
    "body" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "sentAt" TIMESTAMP(3),
    "isTest" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PostscriptDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "Shop_domain_key" ON "Shop"("domain");

-- CreateIndex
CREATE UNIQUE INDEX "ProviderConnection_shopId_key" ON "ProviderConnection"("shopId");

-- CreateIndex
CREATE INDEX "Funnel_shopId_status_priority_idx" ON "Funnel"("shopId", "status", "priority");

-- CreateIndex
CREATE INDEX "Offer_funnelId_idx" ON "Offer"("funnelId");

-- CreateIndex
CREATE INDEX "Offer_shopId_idx" ON "Offer"("shopId");

-- CreateIndex
CREATE UNIQUE INDEX "Offer_parentOfferId_branch_key" ON "Offer"("parentOfferId", "branch");

-- CreateIndex
CREATE INDEX "OfferItem_offerId_idx" ON "OfferItem"("offerId");

-- CreateIndex
CREATE UNIQUE INDEX "UpgradeConfig_offerItemId_key" ON "UpgradeConfig"("offerItemId");

-- CreateIndex
CREATE UNIQUE INDEX "SignedChangeset_jti_key" ON "SignedChangeset"("jti");

-- CreateIndex
CREATE INDEX "SignedChangeset_shopId_referenceId_idx" ON "SignedChangeset"("shopId", "referenceId");

-- CreateIndex
CREATE UNIQUE INDEX "Acceptance_signedChangesetId_key" ON "Acceptance"("signedChangesetId");

-- CreateIndex
CREATE INDEX "Acceptance_shopId_createdAt_idx" ON "Acceptance"("shopId", "createdAt");

-- CreateIndex
CREATE INDEX "Acceptance_shopId_customerId_idx" ON "Acceptance"("shopId", "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "Acceptance_shopId_referenceId_offerKey_key" ON "Acceptance"("shopId", "referenceId", "offerKey");

-- CreateIndex
CREATE INDEX "OfferEvent_offerId_type_idx" ON "OfferEvent"("offerId", "type");

-- CreateIndex
CREATE UNIQUE INDEX "OfferEvent_shopId_referenceId_offerKey_type_key" ON "OfferEvent"("shopId", "referenceId", "offerKey", "type");

-- CreateIndex
CREATE UNIQUE INDEX "UpgradeJob_acceptanceId_key" ON "UpgradeJob"("acceptanceId");

-- CreateIndex
CREATE INDEX "UpgradeJob_shopId_status_createdAt_idx" ON "UpgradeJob"("shopId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "UpgradeAttempt_upgradeJobId_number_idx" ON "UpgradeAttempt"("upgradeJobId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxEvent_dedupeKey_key" ON "OutboxEvent"("dedupeKey");

-- CreateIndex
CREATE INDEX "OutboxEvent_dispatchedAt_availableAt_idx" ON "OutboxEvent"("dispatchedAt", "availableAt");

-- CreateIndex
CREATE INDEX "AuditLog_shopId_createdAt_idx" ON "AuditLog"("shopId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_createdAt_idx" ON "AuditLog"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "PostscriptConnection_shopId_key" ON "PostscriptConnection"("shopId");

-- CreateIndex
CREATE INDEX "PostscriptDelivery_shopId_createdAt_idx" ON "PostscriptDelivery"("shopId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "PostscriptDelivery_shopId_externalId_key" ON "PostscriptDelivery"("shopId", "externalId");

-- AddForeignKey
ALTER TABLE "ProviderConnection" ADD CONSTRAINT "ProviderConnection_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Funnel" ADD CONSTRAINT "Funnel_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Offer" ADD CONSTRAINT "Offer_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Offer" ADD CONSTRAINT "Offer_funnelId_fkey" FOREIGN KEY ("funnelId") REFERENCES "Funnel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Offer" ADD CONSTRAINT "Offer_parentOfferId_fkey" FOREIGN KEY ("parentOfferId") REFERENCES "Offer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OfferItem" ADD CONSTRAINT "OfferItem_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UpgradeConfig" ADD CONSTRAINT "UpgradeConfig_offerItemId_fkey" FOREIGN KEY ("offerItemId") REFERENCES "OfferItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignedChangeset" ADD CONSTRAINT "SignedChangeset_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignedChangeset" ADD CONSTRAINT "SignedChangeset_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Acceptance" ADD CONSTRAINT "Acceptance_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Acceptance" ADD CONSTRAINT "Acceptance_funnelId_fkey" FOREIGN KEY ("funnelId") REFERENCES "Funnel"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Acceptance" ADD CONSTRAINT "Acceptance_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Acceptance" ADD CONSTRAINT "Acceptance_signedChangesetId_fkey" FOREIGN KEY ("signedChangesetId") REFERENCES "SignedChangeset"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OfferEvent" ADD CONSTRAINT "OfferEvent_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OfferEvent" ADD CONSTRAINT "OfferEvent_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UpgradeJob" ADD CONSTRAINT "UpgradeJob_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UpgradeJob" ADD CONSTRAINT "UpgradeJob_acceptanceId_fkey" FOREIGN KEY ("acceptanceId") REFERENCES "Acceptance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UpgradeAttempt" ADD CONSTRAINT "UpgradeAttempt_upgradeJobId_fkey" FOREIGN KEY ("upgradeJobId") REFERENCES "UpgradeJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxEvent" ADD CONSTRAINT "OutboxEvent_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PostscriptConnection" ADD CONSTRAINT "PostscriptConnection_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PostscriptDelivery" ADD CONSTRAINT "PostscriptDelivery_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

