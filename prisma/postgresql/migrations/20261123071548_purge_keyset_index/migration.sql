-- DropIndex
DROP INDEX "Conversation_retentionExpiresAt_idx";

-- CreateIndex
CREATE INDEX "Conversation_retentionExpiresAt_id_idx" ON "Conversation"("retentionExpiresAt", "id");

