-- CreateIndex
CREATE INDEX "Conversation_organisationId_startedAt_idx" ON "Conversation"("organisationId", "startedAt");


-- The reports list the questions the bot could not answer: its fallback replies, found per conversation.
-- A partial index on a JSON expression, which the Prisma schema cannot declare (docs/data-model.md).
CREATE INDEX "Message_fallback_idx" ON "Message"("conversationId", "id") WHERE json_extract("metadata", '$.action') = 'fallback';

-- Reports count a conversation only once the customer wrote: a look-up in this small index, not in the messages.
CREATE INDEX "Message_customer_idx" ON "Message"("conversationId") WHERE "role" = 'customer';
