-- CreateTable
CREATE TABLE "ReportChange" (
    "organisationId" TEXT NOT NULL,
    "hour" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ReportChange_pkey" PRIMARY KEY ("organisationId","hour")
);

-- CreateTable
CREATE TABLE "ReportDay" (
    "organisationId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "fromHour" TEXT NOT NULL,
    "toHour" TEXT NOT NULL,
    "format" INTEGER NOT NULL,
    "fingerprint" INTEGER NOT NULL,
    "rows" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReportDay_pkey" PRIMARY KEY ("organisationId","date")
);

-- CreateIndex
CREATE INDEX "ReportDay_organisationId_toHour_idx" ON "ReportDay"("organisationId", "toHour");


-- The reports' cache of closed days (src/core/reports/report-day-cache.ts) is never stale: any change
-- to what a report reads about a conversation that started more than two hours ago (by the database's
-- clock; the cache only holds days that ended three hours ago) counts up the version of its
-- organisation's UTC hour in "ReportChange" and deletes the cached day that covers it. Conversations
-- of the last two hours (the chats going on now) are left out, so the chat's own writes stay as cheap.
-- Such a change also takes a shared advisory lock of the organisation for its transaction: the cache
-- takes it exclusively to store a day, so it waits for changes still under way and sees their counts.
CREATE FUNCTION "report_change"(org TEXT, started TIMESTAMP(3)) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  h TEXT;
BEGIN
  IF org IS NULL OR started IS NULL OR started > (now() AT TIME ZONE 'UTC') - INTERVAL '2 hours' THEN
    RETURN;
  END IF;
  h := to_char(started, 'YYYY-MM-DD"T"HH24');
  PERFORM pg_advisory_xact_lock_shared(hashtext('skranke-report-day:' || org));
  INSERT INTO "ReportChange" ("organisationId", "hour", "version") VALUES (org, h, 1)
    ON CONFLICT ("organisationId", "hour") DO UPDATE SET "version" = "ReportChange"."version" + 1;
  DELETE FROM "ReportDay" WHERE "organisationId" = org AND "toHour" > h AND "fromHour" <= h;
END
$$;

CREATE FUNCTION "report_change_conversation"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM "report_change"(OLD."organisationId", OLD."startedAt");
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM "report_change"(NEW."organisationId", NEW."startedAt");
  END IF;
  RETURN NULL;
END
$$;

-- The rows of a conversation the reports read, by the conversation they belong to. (A row deleted
-- with its conversation finds none: the conversation's own trigger counted it.)
CREATE FUNCTION "report_change_row"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c RECORD;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    SELECT "organisationId", "startedAt" INTO c FROM "Conversation" WHERE id = OLD."conversationId";
    IF FOUND THEN
      PERFORM "report_change"(c."organisationId", c."startedAt");
    END IF;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT "organisationId", "startedAt" INTO c FROM "Conversation" WHERE id = NEW."conversationId";
    IF FOUND THEN
      PERFORM "report_change"(c."organisationId", c."startedAt");
    END IF;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "Conversation_report" AFTER INSERT OR DELETE
  OR UPDATE OF "organisationId", "startedAt", "humanInvolved", "escalationReason", "satisfaction", "customerId"
  ON "Conversation" FOR EACH ROW EXECUTE FUNCTION "report_change_conversation"();
CREATE TRIGGER "Message_report" AFTER INSERT OR DELETE
  OR UPDATE OF "conversationId", "role", "text", "metadata", "createdAt"
  ON "Message" FOR EACH ROW EXECUTE FUNCTION "report_change_row"();
CREATE TRIGGER "HandoffRequest_report" AFTER INSERT OR DELETE
  OR UPDATE OF "conversationId", "status", "reason", "requestedAt", "endedAt"
  ON "HandoffRequest" FOR EACH ROW EXECUTE FUNCTION "report_change_row"();
CREATE TRIGGER "Feedback_report" AFTER INSERT OR DELETE
  OR UPDATE OF "conversationId", "messageId", "helpful"
  ON "Feedback" FOR EACH ROW EXECUTE FUNCTION "report_change_row"();
CREATE TRIGGER "OfflineMessage_report" AFTER INSERT OR DELETE
  OR UPDATE OF "conversationId"
  ON "OfflineMessage" FOR EACH ROW EXECUTE FUNCTION "report_change_row"();
