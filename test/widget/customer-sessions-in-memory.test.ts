import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashToken, newToken } from "../../src/core/accounts/tokens.js";
import { FixedClock } from "../../src/core/clock.js";
import type { ConversationRecord } from "../../src/core/conversations/conversation-records.js";
import {
  type Customer,
  CustomerSessions,
  type WidgetConversationStore,
  type WidgetCustomerStore,
} from "../../src/core/customers/customer-sessions.js";
import { DEFAULT_RETENTION_POLICY } from "../../src/core/retention/retention-policy.js";
import { retentionStamp } from "../../src/core/retention/retention-stamp.js";

/** In-memory implementations of CustomerSessions' ports (the unique token hash included). */
class Stores {
  readonly customers = new Map<string, Customer>();
  readonly conversations = new Map<string, ConversationRecord>();
  /** Set: the next create finds the token stored by "another process" and throws, as the unique key does. */
  raceNextCreate: ((input: { organisationId: string; tokenHash: string }) => void) | null = null;

  readonly customerStore: WidgetCustomerStore = {
    findByTokenHash: async (h) => [...this.customers.values()].find((c) => c.tokenHash === h) ?? null,
    create: async (input, now) => {
      const race = this.raceNextCreate;
      this.raceNextCreate = null;
      race?.(input);
      if ([...this.customers.values()].some((c) => c.tokenHash === input.tokenHash)) {
        throw Object.assign(new Error("Unique constraint failed on tokenHash"), { code: "P2002" });
      }
      return this.addCustomer(input.organisationId, input.tokenHash, now);
    },
    touch: async (id, now) => {
      const c = this.customers.get(id);
      if (c) c.lastSeenAt = now;
    },
  };

  readonly conversationStore: WidgetConversationStore = {
    listForCustomer: async (id) =>
      [...this.conversations.values()]
        .filter((c) => c.customerId === id)
        .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime()),
    create: async (input, now) => {
      const c: ConversationRecord = {
        id: randomUUID(),
        organisationId: input.organisationId,
        customerId: input.customerId,
        channel: input.channel,
        status: "bot",
        language: input.language,
        escalationReason: null,
        resolution: null,
        assignedAgentId: null,
        startedAt: now,
        endedAt: null,
        ...retentionStamp(now, false, DEFAULT_RETENTION_POLICY),
      };
      this.conversations.set(c.id, c);
      return { ...c };
    },
  };

  addCustomer(organisationId: string, tokenHash: string, now: Date): Customer {
    const c: Customer = {
      id: randomUUID(),
      organisationId,
      tokenHash,
      displayName: null,
      language: null,
      createdAt: now,
      lastSeenAt: now,
    };
    this.customers.set(c.id, c);
    return { ...c };
  }
}

function setup() {
  const clock = new FixedClock(new Date("2026-11-23T09:00:00Z"));
  const stores = new Stores();
  const sessions = new CustomerSessions(stores.customerStore, stores.conversationStore, clock);
  return { clock, stores, sessions };
}

describe("widget customers' sessions (in memory)", () => {
  it("stores nothing to identify a visitor, and keeps a token of our shape for the tabs to share", async () => {
    const { stores, sessions } = setup();
    const fresh = await sessions.identify({ organisationId: "alpha" });
    expect(fresh.customer).toBeNull();
    expect(fresh.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const again = await sessions.identify({ organisationId: "alpha", token: fresh.token });
    expect(again).toEqual({ token: fresh.token, customer: null });
    // A token not of our shape is replaced.
    const odd = await sessions.identify({ organisationId: "alpha", token: "not-a-token" });
    expect(odd.token).not.toBe("not-a-token");
    expect(stores.customers.size).toBe(0);
    expect(stores.conversations.size).toBe(0);
  });

  it("treats a stored customer's token from another organisation as unknown, and refuses to begin with it", async () => {
    const { clock, stores, sessions } = setup();
    const token = newToken();
    stores.addCustomer("beta", hashToken(token), clock.now());
    const seen = await sessions.identify({ organisationId: "alpha", token });
    expect(seen.customer).toBeNull();
    expect(seen.token).not.toBe(token);
    expect(await sessions.recognises(token, "alpha")).toBe(false);
    expect(await sessions.recognises(token, "beta")).toBe(true);
    await expect(sessions.begin({ organisationId: "alpha", token, language: "nb" })).rejects.toMatchObject({
      code: "not_found",
    });
    expect(stores.conversations.size).toBe(0);
  });

  it("begins one customer and one widget conversation for two tabs at once, and resumes it after", async () => {
    const { stores, sessions } = setup();
    const token = newToken();
    const input = { organisationId: "alpha", token, language: "nn" };
    const [a, b] = await Promise.all([sessions.begin(input), sessions.begin(input)]);
    expect(a.conversation.id).toBe(b.conversation.id);
    expect([a.started, b.started].sort()).toEqual([false, true]);
    expect(stores.customers.size).toBe(1);
    expect(stores.conversations.size).toBe(1);
    expect(a.conversation).toMatchObject({
      channel: "widget",
      status: "bot",
      language: "nn",
      customerId: a.customer.id,
    });
    const later = await sessions.begin(input);
    expect(later).toMatchObject({ started: false, conversation: { id: a.conversation.id } });
    expect((await sessions.openConversation(a.customer.id))?.id).toBe(a.conversation.id);
  });

  it("starts a new conversation once the last one has ended", async () => {
    const { stores, sessions } = setup();
    const input = { organisationId: "alpha", token: newToken(), language: "nb" };
    const first = await sessions.begin(input);
    (stores.conversations.get(first.conversation.id) as ConversationRecord).status = "closed";
    expect(await sessions.openConversation(first.customer.id)).toBeNull();
    const next = await sessions.begin(input);
    expect(next.started).toBe(true);
    expect(next.conversation.id).not.toBe(first.conversation.id);
    expect(next.customer.id).toBe(first.customer.id);
  });

  it("asks the new-customers limit only when a customer is about to be stored", async () => {
    const { stores, sessions } = setup();
    const token = newToken();
    let asked = 0;
    const refuse = async () => {
      asked++;
      return false;
    };
    await expect(sessions.begin({ organisationId: "alpha", token, language: "nb" }, refuse)).rejects.toMatchObject({
      code: "rate_limited",
    });
    expect(asked).toBe(1);
    expect(stores.customers.size).toBe(0);
    await sessions.begin({ organisationId: "alpha", token, language: "nb" });
    await sessions.begin({ organisationId: "alpha", token, language: "nb" }, refuse);
    expect(asked).toBe(1);
  });

  it("takes the customer another process stored first with the same token", async () => {
    const { clock, stores, sessions } = setup();
    const token = newToken();
    let other: Customer | null = null;
    stores.raceNextCreate = (input) => {
      other = stores.addCustomer(input.organisationId, input.tokenHash, clock.now());
    };
    const begun = await sessions.begin({ organisationId: "alpha", token, language: "nb" });
    expect(other).not.toBeNull();
    expect(begun.customer.id).toBe((other as unknown as Customer).id);
    expect(stores.customers.size).toBe(1);
  });

  it("begins from the caller's look-up without looking the token up again, and lists no conversations of a customer it stored", async () => {
    const { stores, sessions } = setup();
    let lookUps = 0;
    let listings = 0;
    const find = stores.customerStore.findByTokenHash;
    const list = stores.conversationStore.listForCustomer;
    stores.customerStore.findByTokenHash = (h) => {
      lookUps++;
      return find(h);
    };
    stores.conversationStore.listForCustomer = (id) => {
      listings++;
      return list(id);
    };
    const begun = await sessions.begin({ organisationId: "alpha", token: newToken(), language: "nb" }, undefined, {
      customer: null,
    });
    expect(begun.started).toBe(true);
    expect([lookUps, listings]).toEqual([0, 0]);
    expect(stores.conversations.size).toBe(1);
  });

  it("joins the open conversation of a customer another process stored between the caller's look-up and its own write", async () => {
    const { clock, stores, sessions } = setup();
    // Someone else's conversation, as a template with every field.
    const template = (await sessions.begin({ organisationId: "alpha", token: newToken(), language: "nb" }))
      .conversation;
    stores.raceNextCreate = (input) => {
      const other = stores.addCustomer(input.organisationId, input.tokenHash, clock.now());
      stores.conversations.set("theirs", { ...template, id: "theirs", customerId: other.id });
    };
    const begun = await sessions.begin({ organisationId: "alpha", token: newToken(), language: "nb" }, undefined, {
      customer: null,
    });
    expect(begun.conversation.id).toBe("theirs");
    expect(begun.started).toBe(false);
  });

  it("refuses when another process stored the token for another organisation in the meantime", async () => {
    const { clock, stores, sessions } = setup();
    stores.raceNextCreate = (input) => {
      stores.addCustomer("beta", input.tokenHash, clock.now());
    };
    await expect(
      sessions.begin({ organisationId: "alpha", token: newToken(), language: "nb" }, undefined, { customer: null }),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});
