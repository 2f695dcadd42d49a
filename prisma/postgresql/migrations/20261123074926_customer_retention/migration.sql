-- AlterTable
ALTER TABLE "BotState" ADD COLUMN     "customerId" TEXT;

-- CreateIndex
CREATE INDEX "Customer_organisationId_lastSeenAt_id_idx" ON "Customer"("organisationId", "lastSeenAt", "id");

-- CreateIndex
CREATE INDEX "BotState_customerId_idx" ON "BotState"("customerId");

-- AddForeignKey
ALTER TABLE "BotState" ADD CONSTRAINT "BotState_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- User state is now kept per customer ("<channel>/customers/<customer id>") and deleted with the
-- customer; the old per-channel-user rows (a language preference) can no longer be reached.
DELETE FROM "BotState" WHERE "conversationId" IS NULL AND "key" LIKE '%/users/%';
