import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customerIdOfStateKey, customerStateKey } from "../../src/bot/customer-user-state.js";
import type { DatabaseStorage } from "../../src/bot/database-storage.js";
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
  },
);
