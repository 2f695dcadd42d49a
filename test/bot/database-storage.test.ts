import { TestAdapter, TurnContext } from "botbuilder";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customerIdOfStateKey, customerStateKey } from "../../src/bot/customer-user-state.js";
import type { DatabaseStorage } from "../../src/bot/database-storage.js";
import { LoadedConversationState } from "../../src/bot/loaded-conversation-state.js";
import { findLoadedConversation, setLoadedConversation } from "../../src/bot/turn-conversation.js";
import { botStateStorageFor } from "../support/conversation-core.js";
import { createTestDatabase, PRIMARY_PROVIDER, shouldSkip, type TestDatabase } from "../support/test-database.js";

describe.skipIf(await shouldSkip(PRIMARY_PROVIDER))(
  "DatabaseStorage (botbuilder Storage on the BotState table)",
  () => {
    let t: TestDatabase;
    let storage: DatabaseStorage;
    let conversationId: string;

    beforeAll(async () => {
      t = await createTestDatabase();
      const [org] = await t.repos.organisations.sync([
        { slug: "ror-ikt", name: "ROR-IKT", defaultLanguage: "nb", privacyUrl: null },
      ]);
      const conversation = await t.repos.conversations.findOrCreateExternal(
        { organisationId: org?.id ?? "", channel: "emulator", externalId: "c-1" },
        new Date(),
      );
      conversationId = conversation.id;
      storage = botStateStorageFor(t.repos);
    });
    afterAll(async () => {
      await t?.destroy();
    });

    it("reads what was written, with an eTag, and nothing for unknown keys", async () => {
      await storage.write({ "emulator/users/u-1/": { lang: "en", nested: { a: [1, 2] } } });
      const items = await storage.read(["emulator/users/u-1/", "missing"]);
      expect(Object.keys(items)).toEqual(["emulator/users/u-1/"]);
      expect(items["emulator/users/u-1/"]).toMatchObject({
        lang: "en",
        nested: { a: [1, 2] },
        eTag: expect.any(String),
      });
    });

    it("refuses a write with a stale eTag and accepts the current one or *", async () => {
      const key = "emulator/users/u-2/";
      await storage.write({ [key]: { n: 1 } });
      const first = (await storage.read([key]))[key];
      await storage.write({ [key]: { ...first, n: 2 } });
      await expect(storage.write({ [key]: { ...first, n: 3 } })).rejects.toThrow(/eTag conflict/);
      const current = (await storage.read([key]))[key];
      expect(current?.n).toBe(2);
      await storage.write({ [key]: { ...current, n: 4 } });
      await storage.write({ [key]: { n: 5, eTag: "*" } });
      expect((await storage.read([key]))[key]?.n).toBe(5);
    });

    it("links a customer's state to the customer, and stores it unlinked when the customer is gone", async () => {
      const [org] = await t.repos.organisations.list();
      const kari = await t.repos.customers.create({ organisationId: org?.id ?? "" }, new Date());
      const key = customerStateKey("widget", kari.id);
      await storage.write({ [key]: { profile: { lang: "en" } } });
      expect(await t.repos.botState.read([key])).toMatchObject([{ customerId: kari.id, conversationId: null }]);
      await t.db.prisma.customer.delete({ where: { id: kari.id } });
      expect(await storage.read([key])).toEqual({}); // deleted with the customer
      await storage.write({ [key]: { profile: { lang: "nb" } } });
      expect(await t.repos.botState.read([key])).toMatchObject([{ customerId: null }]);
      expect(customerIdOfStateKey(key)).toBe(kari.id);
      expect(customerIdOfStateKey("emulator/users/u-1")).toBeNull();
    });

    it("links conversation state to its conversation, so a purge removes it", async () => {
      const key = "emulator/conversations/c-1/";
      await storage.write({ [key]: { dialogState: { dialogStack: [{ id: "main" }] } } });
      expect(await t.repos.botState.read([key])).toMatchObject([{ conversationId }]);
      await t.db.prisma.conversation.delete({ where: { id: conversationId } });
      expect(await storage.read([key])).toEqual({});
      await storage.write({ "emulator/users/u-3/": { n: 1 } });
      await storage.delete(["emulator/users/u-3/"]);
      expect(await storage.read(["emulator/users/u-3/"])).toEqual({});
    });

    it("starts a turn from the state documents its channel read with the conversation, once", async () => {
      const key = "emulator/conversations/c-9/";
      // Written by another process (not through this storage).
      await t.repos.botState.write(key, '{"n":1}', "*", { conversationId: null, customerId: null });
      const stored = (await t.repos.botState.read([key]))[0];
      const state = new LoadedConversationState(storage);
      const turn = (documents?: Array<{ key: string; data: string; eTag: string }>) => {
        const context = new TurnContext(new TestAdapter(), {
          type: "message",
          channelId: "emulator",
          conversation: { id: "c-9" },
          from: { id: "u" },
        } as never);
        const loaded = { id: conversationId, organisationId: "o", customerId: null, channel: "emulator" };
        setLoadedConversation(context, {
          ...loaded,
          status: "bot",
          language: "nb",
          ...(documents ? { state: documents } : {}),
        });
        return context;
      };

      // The handed-over document, not the stored one (it says n: 7), with its eTag.
      const first = turn([{ key, data: '{"n":7}', eTag: stored?.eTag ?? "" }]);
      expect(await state.load(first)).toEqual({ n: 7, eTag: stored?.eTag });
      expect(findLoadedConversation(first)?.state).toBeUndefined();
      // Forced, or on a turn without documents: the database.
      expect(await state.load(first, true)).toMatchObject({ n: 1 });
      expect(await state.load(turn())).toMatchObject({ n: 1 });
      // Handed over as "none yet" (no document of this key): empty, though the table has one.
      expect(await state.load(turn([{ key: "emulator/conversations/other/", data: "{}", eTag: "x" }]))).toEqual({});
      // Nothing handed over is left behind for a later read.
      expect((await storage.read([key]))[key]).toMatchObject({ n: 1 });

      // Read before this process's own later write landed (the last turn saved after the next message was
      // stored): not used, the turn reads what that write stored.
      await storage.write({ [key]: { n: 2, eTag: "*" } });
      expect(await state.load(turn([{ key, data: '{"n":1}', eTag: stored?.eTag ?? "" }]))).toMatchObject({ n: 2 });
      const current = (await t.repos.botState.read([key]))[0];
      expect(await state.load(turn([{ key, data: '{"n":8}', eTag: current?.eTag ?? "" }]))).toMatchObject({ n: 8 });
      await storage.delete([key]);
      expect(await state.load(turn([{ key, data: '{"n":9}', eTag: current?.eTag ?? "" }]))).toEqual({});
      expect(await state.load(turn([]))).toEqual({});
    });
  },
);
