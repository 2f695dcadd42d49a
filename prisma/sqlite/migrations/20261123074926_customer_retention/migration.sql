-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_BotState" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "conversationId" TEXT,
    "customerId" TEXT,
    "data" TEXT NOT NULL,
    "eTag" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "BotState_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "BotState_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_BotState" ("conversationId", "data", "eTag", "key", "updatedAt") SELECT "conversationId", "data", "eTag", "key", "updatedAt" FROM "BotState";
DROP TABLE "BotState";
ALTER TABLE "new_BotState" RENAME TO "BotState";
CREATE INDEX "BotState_conversationId_idx" ON "BotState"("conversationId");
CREATE INDEX "BotState_customerId_idx" ON "BotState"("customerId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Customer_organisationId_lastSeenAt_id_idx" ON "Customer"("organisationId", "lastSeenAt", "id");


-- User state is now kept per customer ("<channel>/customers/<customer id>") and deleted with the
-- customer; the old per-channel-user rows (a language preference) can no longer be reached.
DELETE FROM "BotState" WHERE "conversationId" IS NULL AND "key" LIKE '%/users/%';
