-- CreateTable
CREATE TABLE "ReportChange" (
    "organisationId" TEXT NOT NULL,
    "hour" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("organisationId", "hour")
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("organisationId", "date")
);

-- CreateIndex
CREATE INDEX "ReportDay_organisationId_toHour_idx" ON "ReportDay"("organisationId", "toHour");


-- The reports' cache of closed days (src/core/reports/report-day-cache.ts) is never stale: any change
-- to what a report reads about a conversation that started more than two hours ago (by the database's
-- clock; the cache only holds days that ended three hours ago) counts up the version of its
-- organisation's UTC hour in "ReportChange" and deletes the cached day that covers it. Conversations
-- of the last two hours (the chats going on now) are left out, so the chat's own writes stay as cheap.
-- A conversation: the columns the reports read.
CREATE TRIGGER "Conversation_report_insert" AFTER INSERT ON "Conversation"
WHEN unixepoch(NEW."startedAt") <= unixepoch('now') - 7200
BEGIN
  INSERT INTO "ReportChange" ("organisationId", "hour", "version") VALUES (NEW."organisationId", substr(NEW."startedAt", 1, 13), 1)
    ON CONFLICT ("organisationId", "hour") DO UPDATE SET "version" = "version" + 1;
  DELETE FROM "ReportDay" WHERE "organisationId" = NEW."organisationId"
    AND "toHour" > substr(NEW."startedAt", 1, 13) AND "fromHour" <= substr(NEW."startedAt", 1, 13);
END;

CREATE TRIGGER "Conversation_report_update"
AFTER UPDATE OF "organisationId", "startedAt", "humanInvolved", "escalationReason", "satisfaction", "customerId" ON "Conversation"
WHEN unixepoch(OLD."startedAt") <= unixepoch('now') - 7200 OR unixepoch(NEW."startedAt") <= unixepoch('now') - 7200
BEGIN
  INSERT INTO "ReportChange" ("organisationId", "hour", "version") VALUES (OLD."organisationId", substr(OLD."startedAt", 1, 13), 1)
    ON CONFLICT ("organisationId", "hour") DO UPDATE SET "version" = "version" + 1;
  INSERT INTO "ReportChange" ("organisationId", "hour", "version") VALUES (NEW."organisationId", substr(NEW."startedAt", 1, 13), 1)
    ON CONFLICT ("organisationId", "hour") DO UPDATE SET "version" = "version" + 1;
  DELETE FROM "ReportDay" WHERE ("organisationId" = OLD."organisationId"
      AND "toHour" > substr(OLD."startedAt", 1, 13) AND "fromHour" <= substr(OLD."startedAt", 1, 13))
    OR ("organisationId" = NEW."organisationId"
      AND "toHour" > substr(NEW."startedAt", 1, 13) AND "fromHour" <= substr(NEW."startedAt", 1, 13));
END;

CREATE TRIGGER "Conversation_report_delete" AFTER DELETE ON "Conversation"
WHEN unixepoch(OLD."startedAt") <= unixepoch('now') - 7200
BEGIN
  INSERT INTO "ReportChange" ("organisationId", "hour", "version") VALUES (OLD."organisationId", substr(OLD."startedAt", 1, 13), 1)
    ON CONFLICT ("organisationId", "hour") DO UPDATE SET "version" = "version" + 1;
  DELETE FROM "ReportDay" WHERE "organisationId" = OLD."organisationId"
    AND "toHour" > substr(OLD."startedAt", 1, 13) AND "fromHour" <= substr(OLD."startedAt", 1, 13);
END;

-- The rows of a conversation the reports read: the same, by the conversation they belong to. (A row
-- deleted with its conversation finds none: the conversation's own trigger counted it.)
CREATE TRIGGER "Message_report_insert" AFTER INSERT ON "Message"
BEGIN
  INSERT INTO "ReportChange" ("organisationId", "hour", "version")
    SELECT c."organisationId", substr(c."startedAt", 1, 13), 1 FROM "Conversation" c
    WHERE c.id = NEW."conversationId" AND unixepoch(c."startedAt") <= unixepoch('now') - 7200
    ON CONFLICT ("organisationId", "hour") DO UPDATE SET "version" = "version" + 1;
  DELETE FROM "ReportDay"
  WHERE "organisationId" = (SELECT c."organisationId" FROM "Conversation" c
      WHERE c.id = NEW."conversationId" AND unixepoch(c."startedAt") <= unixepoch('now') - 7200)
    AND "toHour" > (SELECT substr(c."startedAt", 1, 13) FROM "Conversation" c WHERE c.id = NEW."conversationId")
    AND "fromHour" <= (SELECT substr(c."startedAt", 1, 13) FROM "Conversation" c WHERE c.id = NEW."conversationId");
END;

CREATE TRIGGER "Message_report_update" AFTER UPDATE OF "conversationId", "role", "text", "metadata", "createdAt" ON "Message"
BEGIN
  INSERT INTO "ReportChange" ("organisationId", "hour", "version")
    SELECT c."organisationId", substr(c."startedAt", 1, 13), 1 FROM "Conversation" c
    WHERE c.id = OLD."conversationId" AND unixepoch(c."startedAt") <= unixepoch('now') - 7200
    ON CONFLICT ("organisationId", "hour") DO UPDATE SET "version" = "version" + 1;
  DELETE FROM "ReportDay"
  WHERE "organisationId" = (SELECT c."organisationId" FROM "Conversation" c
      WHERE c.id = OLD."conversationId" AND unixepoch(c."startedAt") <= unixepoch('now') - 7200)
    AND "toHour" > (SELECT substr(c."startedAt", 1, 13) FROM "Conversation" c WHERE c.id = OLD."conversationId")
    AND "fromHour" <= (SELECT substr(c."startedAt", 1, 13) FROM "Conversation" c WHERE c.id = OLD."conversationId");
  INSERT INTO "ReportChange" ("organisationId", "hour", "version")
    SELECT c."organisationId", substr(c."startedAt", 1, 13), 1 FROM "Conversation" c
    WHERE c.id = NEW."conversationId" AND unixepoch(c."startedAt") <= unixepoch('now') - 7200
    ON CONFLICT ("organisationId", "hour") DO UPDATE SET "version" = "version" + 1;
  DELETE FROM "ReportDay"
  WHERE "organisationId" = (SELECT c."organisationId" FROM "Conversation" c
      WHERE c.id = NEW."conversationId" AND unixepoch(c."startedAt") <= unixepoch('now') - 7200)
    AND "toHour" > (SELECT substr(c."startedAt", 1, 13) FROM "Conversation" c WHERE c.id = NEW."conversationId")
    AND "fromHour" <= (SELECT substr(c."startedAt", 1, 13) FROM "Conversation" c WHERE c.id = NEW."conversationId");
END;

CREATE TRIGGER "Message_report_delete" AFTER DELETE ON "Message"
BEGIN
  INSERT INTO "ReportChange" ("organisationId", "hour", "version")
    SELECT c."organisationId", substr(c."startedAt", 1, 13), 1 FROM "Conversation" c
    WHERE c.id = OLD."conversationId" AND unixepoch(c."startedAt") <= unixepoch('now') - 7200
    ON CONFLICT ("organisationId", "hour") DO UPDATE SET "version" = "version" + 1;
  DELETE FROM "ReportDay"
  WHERE "organisationId" = (SELECT c."organisationId" FROM "Conversation" c
      WHERE c.id = OLD."conversationId" AND unixepoch(c."startedAt") <= unixepoch('now') - 7200)
    AND "toHour" > (SELECT substr(c."startedAt", 1, 13) FROM "Conversation" c WHERE c.id = OLD."conversationId")
    AND "fromHour" <= (SELECT substr(c."startedAt", 1, 13) FROM "Conversation" c WHERE c.id = OLD."conversationId");
END;

CREATE TRIGGER "HandoffRequest_report_insert" AFTER INSERT ON "HandoffRequest"
BEGIN
  INSERT INTO "ReportChange" ("organisationId", "hour", "version")
    SELECT c."organisationId", substr(c."startedAt", 1, 13), 1 FROM "Conversation" c
    WHERE c.id = NEW."conversationId" AND unixepoch(c."startedAt") <= unixepoch('now') - 7200
    ON CONFLICT ("organisationId", "hour") DO UPDATE SET "version" = "version" + 1;
  DELETE FROM "ReportDay"
  WHERE "organisationId" = (SELECT c."organisationId" FROM "Conversation" c
      WHERE c.id = NEW."conversationId" AND unixepoch(c."startedAt") <= unixepoch('now') - 7200)
    AND "toHour" > (SELECT substr(c."startedAt", 1, 13) FROM "Conversation" c WHERE c.id = NEW."conversationId")
    AND "fromHour" <= (SELECT substr(c."startedAt", 1, 13) FROM "Conversation" c WHERE c.id = NEW."conversationId");
END;

CREATE TRIGGER "HandoffRequest_report_update" AFTER UPDATE OF "conversationId", "status", "reason", "requestedAt", "endedAt" ON "HandoffRequest"
BEGIN
  INSERT INTO "ReportChange" ("organisationId", "hour", "version")
    SELECT c."organisationId", substr(c."startedAt", 1, 13), 1 FROM "Conversation" c
    WHERE c.id = OLD."conversationId" AND unixepoch(c."startedAt") <= unixepoch('now') - 7200
    ON CONFLICT ("organisationId", "hour") DO UPDATE SET "version" = "version" + 1;
  DELETE FROM "ReportDay"
  WHERE "organisationId" = (SELECT c."organisationId" FROM "Conversation" c
      WHERE c.id = OLD."conversationId" AND unixepoch(c."startedAt") <= unixepoch('now') - 7200)
    AND "toHour" > (SELECT substr(c."startedAt", 1, 13) FROM "Conversation" c WHERE c.id = OLD."conversationId")
    AND "fromHour" <= (SELECT substr(c."startedAt", 1, 13) FROM "Conversation" c WHERE c.id = OLD."conversationId");
  INSERT INTO "ReportChange" ("organisationId", "hour", "version")
    SELECT c."organisationId", substr(c."startedAt", 1, 13), 1 FROM "Conversation" c
    WHERE c.id = NEW."conversationId" AND unixepoch(c."startedAt") <= unixepoch('now') - 7200
    ON CONFLICT ("organisationId", "hour") DO UPDATE SET "version" = "version" + 1;
  DELETE FROM "ReportDay"
  WHERE "organisationId" = (SELECT c."organisationId" FROM "Conversation" c
      WHERE c.id = NEW."conversationId" AND unixepoch(c."startedAt") <= unixepoch('now') - 7200)
    AND "toHour" > (SELECT substr(c."startedAt", 1, 13) FROM "Conversation" c WHERE c.id = NEW."conversationId")
    AND "fromHour" <= (SELECT substr(c."startedAt", 1, 13) FROM "Conversation" c WHERE c.id = NEW."conversationId");
END;

CREATE TRIGGER "HandoffRequest_report_delete" AFTER DELETE ON "HandoffRequest"
BEGIN
  INSERT INTO "ReportChange" ("organisationId", "hour", "version")
    SELECT c."organisationId", substr(c."startedAt", 1, 13), 1 FROM "Conversation" c
    WHERE c.id = OLD."conversationId" AND unixepoch(c."startedAt") <= unixepoch('now') - 7200
    ON CONFLICT ("organisationId", "hour") DO UPDATE SET "version" = "version" + 1;
  DELETE FROM "ReportDay"
  WHERE "organisationId" = (SELECT c."organisationId" FROM "Conversation" c
      WHERE c.id = OLD."conversationId" AND unixepoch(c."startedAt") <= unixepoch('now') - 7200)
    AND "toHour" > (SELECT substr(c."startedAt", 1, 13) FROM "Conversation" c WHERE c.id = OLD."conversationId")
    AND "fromHour" <= (SELECT substr(c."startedAt", 1, 13) FROM "Conversation" c WHERE c.id = OLD."conversationId");
END;

CREATE TRIGGER "Feedback_report_insert" AFTER INSERT ON "Feedback"
BEGIN
  INSERT INTO "ReportChange" ("organisationId", "hour", "version")
    SELECT c."organisationId", substr(c."startedAt", 1, 13), 1 FROM "Conversation" c
    WHERE c.id = NEW."conversationId" AND unixepoch(c."startedAt") <= unixepoch('now') - 7200
    ON CONFLICT ("organisationId", "hour") DO UPDATE SET "version" = "version" + 1;
  DELETE FROM "ReportDay"
  WHERE "organisationId" = (SELECT c."organisationId" FROM "Conversation" c
      WHERE c.id = NEW."conversationId" AND unixepoch(c."startedAt") <= unixepoch('now') - 7200)
    AND "toHour" > (SELECT substr(c."startedAt", 1, 13) FROM "Conversation" c WHERE c.id = NEW."conversationId")
    AND "fromHour" <= (SELECT substr(c."startedAt", 1, 13) FROM "Conversation" c WHERE c.id = NEW."conversationId");
END;

CREATE TRIGGER "Feedback_report_update" AFTER UPDATE OF "conversationId", "messageId", "helpful" ON "Feedback"
BEGIN
  INSERT INTO "ReportChange" ("organisationId", "hour", "version")
    SELECT c."organisationId", substr(c."startedAt", 1, 13), 1 FROM "Conversation" c
    WHERE c.id = OLD."conversationId" AND unixepoch(c."startedAt") <= unixepoch('now') - 7200
    ON CONFLICT ("organisationId", "hour") DO UPDATE SET "version" = "version" + 1;
  DELETE FROM "ReportDay"
  WHERE "organisationId" = (SELECT c."organisationId" FROM "Conversation" c
      WHERE c.id = OLD."conversationId" AND unixepoch(c."startedAt") <= unixepoch('now') - 7200)
    AND "toHour" > (SELECT substr(c."startedAt", 1, 13) FROM "Conversation" c WHERE c.id = OLD."conversationId")
    AND "fromHour" <= (SELECT substr(c."startedAt", 1, 13) FROM "Conversation" c WHERE c.id = OLD."conversationId");
  INSERT INTO "ReportChange" ("organisationId", "hour", "version")
    SELECT c."organisationId", substr(c."startedAt", 1, 13), 1 FROM "Conversation" c
    WHERE c.id = NEW."conversationId" AND unixepoch(c."startedAt") <= unixepoch('now') - 7200
    ON CONFLICT ("organisationId", "hour") DO UPDATE SET "version" = "version" + 1;
  DELETE FROM "ReportDay"
  WHERE "organisationId" = (SELECT c."organisationId" FROM "Conversation" c
      WHERE c.id = NEW."conversationId" AND unixepoch(c."startedAt") <= unixepoch('now') - 7200)
    AND "toHour" > (SELECT substr(c."startedAt", 1, 13) FROM "Conversation" c WHERE c.id = NEW."conversationId")
    AND "fromHour" <= (SELECT substr(c."startedAt", 1, 13) FROM "Conversation" c WHERE c.id = NEW."conversationId");
END;

CREATE TRIGGER "Feedback_report_delete" AFTER DELETE ON "Feedback"
BEGIN
  INSERT INTO "ReportChange" ("organisationId", "hour", "version")
    SELECT c."organisationId", substr(c."startedAt", 1, 13), 1 FROM "Conversation" c
    WHERE c.id = OLD."conversationId" AND unixepoch(c."startedAt") <= unixepoch('now') - 7200
    ON CONFLICT ("organisationId", "hour") DO UPDATE SET "version" = "version" + 1;
  DELETE FROM "ReportDay"
  WHERE "organisationId" = (SELECT c."organisationId" FROM "Conversation" c
      WHERE c.id = OLD."conversationId" AND unixepoch(c."startedAt") <= unixepoch('now') - 7200)
    AND "toHour" > (SELECT substr(c."startedAt", 1, 13) FROM "Conversation" c WHERE c.id = OLD."conversationId")
    AND "fromHour" <= (SELECT substr(c."startedAt", 1, 13) FROM "Conversation" c WHERE c.id = OLD."conversationId");
END;

CREATE TRIGGER "OfflineMessage_report_insert" AFTER INSERT ON "OfflineMessage"
BEGIN
  INSERT INTO "ReportChange" ("organisationId", "hour", "version")
    SELECT c."organisationId", substr(c."startedAt", 1, 13), 1 FROM "Conversation" c
    WHERE c.id = NEW."conversationId" AND unixepoch(c."startedAt") <= unixepoch('now') - 7200
    ON CONFLICT ("organisationId", "hour") DO UPDATE SET "version" = "version" + 1;
  DELETE FROM "ReportDay"
  WHERE "organisationId" = (SELECT c."organisationId" FROM "Conversation" c
      WHERE c.id = NEW."conversationId" AND unixepoch(c."startedAt") <= unixepoch('now') - 7200)
    AND "toHour" > (SELECT substr(c."startedAt", 1, 13) FROM "Conversation" c WHERE c.id = NEW."conversationId")
    AND "fromHour" <= (SELECT substr(c."startedAt", 1, 13) FROM "Conversation" c WHERE c.id = NEW."conversationId");
END;

CREATE TRIGGER "OfflineMessage_report_update" AFTER UPDATE OF "conversationId" ON "OfflineMessage"
BEGIN
  INSERT INTO "ReportChange" ("organisationId", "hour", "version")
    SELECT c."organisationId", substr(c."startedAt", 1, 13), 1 FROM "Conversation" c
    WHERE c.id = OLD."conversationId" AND unixepoch(c."startedAt") <= unixepoch('now') - 7200
    ON CONFLICT ("organisationId", "hour") DO UPDATE SET "version" = "version" + 1;
  DELETE FROM "ReportDay"
  WHERE "organisationId" = (SELECT c."organisationId" FROM "Conversation" c
      WHERE c.id = OLD."conversationId" AND unixepoch(c."startedAt") <= unixepoch('now') - 7200)
    AND "toHour" > (SELECT substr(c."startedAt", 1, 13) FROM "Conversation" c WHERE c.id = OLD."conversationId")
    AND "fromHour" <= (SELECT substr(c."startedAt", 1, 13) FROM "Conversation" c WHERE c.id = OLD."conversationId");
  INSERT INTO "ReportChange" ("organisationId", "hour", "version")
    SELECT c."organisationId", substr(c."startedAt", 1, 13), 1 FROM "Conversation" c
    WHERE c.id = NEW."conversationId" AND unixepoch(c."startedAt") <= unixepoch('now') - 7200
    ON CONFLICT ("organisationId", "hour") DO UPDATE SET "version" = "version" + 1;
  DELETE FROM "ReportDay"
  WHERE "organisationId" = (SELECT c."organisationId" FROM "Conversation" c
      WHERE c.id = NEW."conversationId" AND unixepoch(c."startedAt") <= unixepoch('now') - 7200)
    AND "toHour" > (SELECT substr(c."startedAt", 1, 13) FROM "Conversation" c WHERE c.id = NEW."conversationId")
    AND "fromHour" <= (SELECT substr(c."startedAt", 1, 13) FROM "Conversation" c WHERE c.id = NEW."conversationId");
END;

CREATE TRIGGER "OfflineMessage_report_delete" AFTER DELETE ON "OfflineMessage"
BEGIN
  INSERT INTO "ReportChange" ("organisationId", "hour", "version")
    SELECT c."organisationId", substr(c."startedAt", 1, 13), 1 FROM "Conversation" c
    WHERE c.id = OLD."conversationId" AND unixepoch(c."startedAt") <= unixepoch('now') - 7200
    ON CONFLICT ("organisationId", "hour") DO UPDATE SET "version" = "version" + 1;
  DELETE FROM "ReportDay"
  WHERE "organisationId" = (SELECT c."organisationId" FROM "Conversation" c
      WHERE c.id = OLD."conversationId" AND unixepoch(c."startedAt") <= unixepoch('now') - 7200)
    AND "toHour" > (SELECT substr(c."startedAt", 1, 13) FROM "Conversation" c WHERE c.id = OLD."conversationId")
    AND "fromHour" <= (SELECT substr(c."startedAt", 1, 13) FROM "Conversation" c WHERE c.id = OLD."conversationId");
END;
