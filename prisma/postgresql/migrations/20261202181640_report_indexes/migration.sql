-- CreateIndex
CREATE INDEX "Conversation_organisationId_startedAt_idx" ON "Conversation"("organisationId", "startedAt");


-- The reports list the questions the bot could not answer: its fallback replies, found per conversation.
-- A partial index on a JSON expression, which the Prisma schema cannot declare (docs/data-model.md).
CREATE INDEX "Message_fallback_idx" ON "Message"("conversationId", "id") WHERE ("metadata" ->> 'action') = 'fallback';
