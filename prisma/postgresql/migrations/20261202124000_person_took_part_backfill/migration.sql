-- Earlier versions filed a conversation as bot_only when a person took part
-- without writing to the customer: an agent claimed it (an Assignment), wrote
-- an internal note, or handled a leave-a-message request left from it.
-- Mark them human_involved. Policy version 0 is no version in force: the
-- purge leaves them alone until `npm run compliance -- policy recompute`
-- (or the daily schedule) has computed their expiry in the human_involved
-- class from their last activity.
UPDATE "Conversation"
SET "humanInvolved" = true, "retentionClass" = 'human_involved', "retentionPolicyVersion" = 0
WHERE "humanInvolved" = false
  AND (
    EXISTS (SELECT 1 FROM "Assignment" a WHERE a."conversationId" = "Conversation"."id")
    OR EXISTS (SELECT 1 FROM "InternalNote" n WHERE n."conversationId" = "Conversation"."id")
    OR EXISTS (
      SELECT 1 FROM "OfflineMessage" o
      WHERE o."conversationId" = "Conversation"."id" AND o."handledAt" IS NOT NULL
    )
  );
