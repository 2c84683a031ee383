-- AlterTable
ALTER TABLE "OutboxEvent" ADD COLUMN "leaseUntil" DATETIME;

-- AlterTable
ALTER TABLE "SignedChangeset" ADD COLUMN "orderEditId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "SignedChangeset_shopId_orderEditId_key" ON "SignedChangeset"("shopId", "orderEditId");
