-- DropIndex
DROP INDEX "Conversation_organisationId_startedAt_idx";

-- CreateIndex
CREATE INDEX "Conversation_report_idx" ON "Conversation"("organisationId", "startedAt", "id", "humanInvolved", "escalationReason", "satisfaction", "customerId");


-- The reports' first agent reply after a request for a person: a look-up in this small index.
CREATE INDEX "Message_agent_idx" ON "Message"("conversationId", "createdAt") WHERE "role" = 'agent';

-- The reports' question before a fallback (the customer's or bot's message just before it), from this index alone.
CREATE INDEX "Message_turn_idx" ON "Message"("conversationId", "id", "role") WHERE "role" IN ('customer', 'bot');
