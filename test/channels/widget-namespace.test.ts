import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FixedClock } from "../../src/core/clock.js";
import { PRIMARY_PROVIDER, shouldSkip } from "../support/test-database.js";
import { AppHarness } from "./support/app-harness.js";
import { WidgetClient } from "./support/widget-client.js";

/** Monday 23 November 2026, 10:00 in Oslo. */
const OPEN = new Date("2026-11-23T09:00:00Z");
/** Friday 25 December 2026, 11:00 in Oslo (Første juledag). */
const CHRISTMAS = new Date("2026-12-25T10:00:00Z");

const clock = new FixedClock(OPEN);
let server: AppHarness;
const clients: WidgetClient[] = [];

beforeEach(async () => {
  clock.set(OPEN);
  server = new AppHarness(clock);
  await server.start();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server.destroy();
});

async function customer(auth: Record<string, unknown> = { org: "ror-ikt" }): Promise<WidgetClient> {
  const client = await WidgetClient.connect(server.url, auth);
  clients.push(client);
  return client;
}

const stored = (conversationId: string) => server.app.context.repos.messages.list(conversationId);

/** How many rows of what a widget customer leaves behind exist. */
async function rows() {
  const p = server.app.context.db.prisma;
  return {
    customers: await p.customer.count(),
    conversations: await p.conversation.count(),
    messages: await p.message.count(),
    feedback: await p.feedback.count(),
    offlineMessages: await p.offlineMessage.count(),
  };
}
const NOTHING = { customers: 0, conversations: 0, messages: 0, feedback: 0, offlineMessages: 0 };

describe.skipIf(await shouldSkip(PRIMARY_PROVIDER))("/widget", () => {
  it("connects without storing anything, greets from the session, and stores the chat with the first message", async () => {
    const kari = await customer({ org: "ror-ikt", lang: "nb" });
    expect(kari.session).toMatchObject({
      customerId: null,
      conversationId: null,
      status: "bot",
      organisation: { slug: "ror-ikt", name: "ROR-IKT Kundeservice", open: true },
      agent: null,
      queue: null,
      lastMessageId: 0,
    });
    expect(kari.session.greeting.welcome).toContain("ROR-IKT Kundeservice");
    expect(kari.session.greeting.privacy).toContain("Samtalen lagres");
    expect(kari.session.token.length).toBeGreaterThan(30);
    await server.app.idle();
    expect(await rows()).toEqual(NOTHING);
    expect(kari.messages).toEqual([]);

    const ack = await kari.request("message", { clientId: "c1", text: "Når har dere åpent?" });
    expect(ack).toMatchObject({ ok: true, duplicate: false, id: expect.any(Number) });
    // The first message stored the customer and the conversation: a new session names them.
    const conversationId = await kari.conversationId();
    expect(kari.session).toMatchObject({ token: kari.sessions[0]?.token, customerId: expect.any(String) });
    const bot = await kari.waitFor(1, "bot");
    expect(bot[0]).toMatchObject({ role: "bot", metadata: { action: "answer", sources: ["ror-ikt.hours.opening"] } });
    expect((await stored(conversationId)).map((m) => m.role)).toEqual(["customer", "bot"]);
    // The customer's own message comes back too (other tabs), matched on clientId.
    expect(kari.messages.find((m) => m.role === "customer")).toMatchObject({ clientId: "c1", id: ack.id });
  });

  it("stores a retried message once and acknowledges it with the same id", async () => {
    const kari = await customer();
    const first = await kari.request<{ ok: boolean; id: number }>("message", {
      clientId: "same",
      text: "Hva er telefonnummeret?",
    });
    const again = await kari.request("message", { clientId: "same", text: "Hva er telefonnummeret?" });
    expect(again).toEqual({ ok: true, id: first.id, duplicate: true });
    await kari.waitFor(1, "bot");
    await server.app.idle();
    const messages = await stored(await kari.conversationId());
    expect(messages.filter((m) => m.role === "customer")).toHaveLength(1);
    expect(messages.filter((m) => m.role === "bot")).toHaveLength(1);
  });

  it("resumes the conversation on reconnect and sends what was missed through history", async () => {
    const first = await customer();
    await first.request("message", { clientId: "m1", text: "Hvordan melder jeg feil?" });
    const conversationId = await first.conversationId();
    const { token } = first.session;
    await first.waitFor(1, "bot");
    const seen = first.messages.at(-1)?.id ?? 0;
    first.close();

    // While the customer is away an agent-side message lands in the log.
    const conversation = await server.app.context.repos.conversations.findById(conversationId);
    await server.app.context.services.log.record(conversation?.organisationId ?? "", {
      conversationId,
      role: "system",
      text: "Meldingen er mottatt.",
    });

    const back = await customer({ org: "ror-ikt", token });
    expect(back.session).toMatchObject({ conversationId, customerId: first.session.customerId, token });
    expect(back.session.lastMessageId).toBeGreaterThan(seen);
    const history = await back.request<{ ok: boolean; messages: Array<{ text: string }>; status: string }>("history", {
      afterId: seen,
    });
    expect(history).toMatchObject({ ok: true, status: "bot", queue: null, agent: null });
    expect(history.messages.map((m) => m.text)).toEqual(["Meldingen er mottatt."]);
    const all = await back.request<{ messages: unknown[] }>("history", {});
    expect(all.messages).toHaveLength(3);
    // The greeting is in the session, never in the log.
    await server.app.idle();
    expect(back.messages).toEqual([]);
  });

  it("rejects bad payloads with invalid_input and stores nothing", async () => {
    const kari = await customer();
    const bad: Array<[string, unknown]> = [
      ["message", { text: "hei" }],
      ["message", { clientId: "", text: "hei" }],
      ["message", { clientId: "x".repeat(101), text: "hei" }],
      ["message", { clientId: "c", text: "   " }],
      ["message", { clientId: "c", text: "x".repeat(4001) }],
      ["message", "hei"],
      ["message", { clientId: 5, text: "hei" }],
      ["feedback", { messageId: "1", helpful: true }],
      ["feedback", { messageId: 1 }],
      ["rating", { score: 7 }],
      ["rating", { score: 3, comment: "x".repeat(1001) }],
      ["offline-message", { text: "Ring meg" }],
      ["offline-message", { email: "ikke-en-epost", text: "Hei" }],
      ["offline-message", { phone: "123", text: "Hei" }],
      ["handoff:request", { summary: "x".repeat(501) }],
      ["history", { afterId: -1 }],
    ];
    for (const [event, payload] of bad) {
      const ack = await kari.request<{ ok: boolean; error?: { code: string; message: string } }>(event, payload);
      expect(ack, `${event} ${JSON.stringify(payload).slice(0, 40)}`).toMatchObject({
        ok: false,
        error: { code: "invalid_input", message: expect.any(String) },
      });
    }
    expect(await rows()).toEqual(NOTHING);
  });

  it("opens only the token's own customer's conversations, in its own organisation", async () => {
    const kari = await customer();
    const ola = await customer();
    expect(ola.session.token).not.toBe(kari.session.token);
    await kari.request("message", { clientId: "k1", text: "Min hemmelige sak" });
    await ola.request("message", { clientId: "o1", text: "Hei" });
    const karisConversation = await kari.conversationId();
    expect(await ola.conversationId()).not.toBe(karisConversation);

    // Ola's token gives Ola's conversation, and its history has none of Kari's messages.
    const olaAgain = await customer({ org: "ror-ikt", token: ola.session.token });
    expect(olaAgain.session.conversationId).toBe(await ola.conversationId());
    const history = await olaAgain.request<{ messages: Array<{ text: string }> }>("history", {});
    expect(history.messages.map((m) => m.text)).not.toContain("Min hemmelige sak");

    // Kari's token on another organisation's widget is a stranger there.
    const elsewhere = await customer({ org: "move", token: kari.session.token });
    expect(elsewhere.session).toMatchObject({ customerId: null, conversationId: null });
    expect(elsewhere.session.token).not.toBe(kari.session.token);

    // A made-up token is a new customer too; one of the shape the server gives out is kept (another tab's, not stored yet).
    const guess = await customer({ org: "ror-ikt", token: "not-a-real-token" });
    expect(guess.session).toMatchObject({ customerId: null, conversationId: null });
    expect(guess.session.token).not.toBe("not-a-real-token");
    const unstored = "A".repeat(43);
    expect((await customer({ org: "ror-ikt", token: unstored })).session).toMatchObject({
      token: unstored,
      customerId: null,
    });

    // Only the hash is stored.
    const row = await server.app.context.repos.customers.findById(await kari.customerId());
    expect(row?.tokenHash).not.toBe(kari.session.token);
    expect(row?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses unknown organisations and malformed auth", async () => {
    expect(await WidgetClient.refusal(server.url, { org: "nope" })).toBe("unknown_organisation");
    expect(await WidgetClient.refusal(server.url, {})).toBe("invalid_input");
    expect(await WidgetClient.refusal(server.url, { org: "ror-ikt", lang: "de" })).toBe("invalid_input");
  });

  it("rate-limits messages per customer, however many sockets share the token, and stores none of the refused ones", async () => {
    const kari = await customer();
    const { token } = kari.session;
    const tabs = [kari];
    for (let i = 1; i < 10; i++) tabs.push(await customer({ org: "ror-ikt", token }));
    expect(new Set(tabs.map((t) => t.session.token))).toEqual(new Set([token]));
    // Three messages from each of ten sockets, nothing stored yet: one budget of ten for them all, one conversation.
    const acks = await Promise.all(
      tabs.flatMap((tab, t) =>
        [0, 1, 2].map((i) =>
          tab.request<{ ok: boolean; error?: { code: string } }>("message", {
            clientId: `r${t}-${i}`,
            text: `hei ${t} ${i}`,
          }),
        ),
      ),
    );
    expect(acks.filter((a) => a.ok)).toHaveLength(10);
    expect(acks.filter((a) => a.error?.code === "rate_limited")).toHaveLength(20);
    const conversationId = await kari.conversationId();
    expect((await rows()).customers).toBe(1);
    expect((await rows()).conversations).toBe(1);
    const customerMessages = (await stored(conversationId)).filter((m) => m.role === "customer");
    expect(customerMessages).toHaveLength(10);
  });

  it("takes feedback, a rating, an offline message and gives the transcript", async () => {
    const kari = await customer();
    expect(await kari.request("rating", { score: 4 })).toMatchObject({ ok: false, error: { code: "not_found" } });
    await kari.request("message", { clientId: "q", text: "Når har dere åpent?" });
    const [answer] = await kari.waitFor(1, "bot");
    const conversationId = await kari.conversationId();
    const { repos } = server.app.context;

    expect(await kari.request("feedback", { messageId: answer?.id, helpful: false })).toEqual({ ok: true });
    expect(await kari.request("feedback", { messageId: 999999, helpful: true })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    expect(await repos.feedback.listForConversation(conversationId)).toMatchObject([
      { messageId: answer?.id, helpful: false },
    ]);
    // The bot is told, and says sorry.
    expect((await kari.waitFor(2, "bot"))[1]?.text).toContain("Beklager at svaret ikke hjalp");

    expect(await kari.request("rating", { score: 4, comment: "Greit nok" })).toEqual({ ok: true });
    expect((await repos.conversations.findById(conversationId))?.satisfaction).toBe(4);

    const left = await kari.request<{ ok: boolean; id: string }>("offline-message", {
      name: "Kari",
      email: "kari@example.no",
      text: "Ring meg om fakturaen",
    });
    expect(left).toMatchObject({ ok: true, id: expect.any(String) });
    expect(await repos.offlineMessages.listForConversation(conversationId)).toMatchObject([
      { email: "kari@example.no", name: "Kari", text: "Ring meg om fakturaen" },
    ]);

    const transcript = await kari.request<{ ok: boolean; text: string; messages: unknown[] }>("transcript");
    expect(transcript.ok).toBe(true);
    expect(transcript.text).toContain("Samtale med ROR-IKT Kundeservice");
    expect(transcript.text).toContain("[23.11.2026 10:00] Du: Når har dere åpent?");
    expect(transcript.messages).toHaveLength(3);
  });

  it("says when it opens on a public holiday, and no_agents when nobody is online", async () => {
    const kari = await customer();
    expect(await kari.request("handoff:request", { summary: "Printeren virker ikke" })).toEqual({
      ok: true,
      status: "no_agents",
    });
    clock.set(CHRISTMAS);
    expect(await kari.request("handoff:request", {})).toEqual({
      ok: true,
      status: "closed",
      opensAt: "2026-12-28T07:00:00.000Z",
      openingHours: expect.stringContaining("0800"),
    });
    // A request that cannot queue stores nothing.
    expect(await rows()).toEqual(NOTHING);
  });

  it("stores the customer and conversation with a leave-a-message request", async () => {
    const kari = await customer();
    const left = await kari.request<{ ok: boolean; id: string }>("offline-message", {
      text: "Ring meg",
      phone: "91234567",
    });
    expect(left).toMatchObject({ ok: true });
    const conversationId = await kari.conversationId();
    expect(await server.app.context.repos.offlineMessages.listForConversation(conversationId)).toHaveLength(1);
    expect(await rows()).toMatchObject({ customers: 1, conversations: 1, messages: 0 });
  });

  it("a second tab with the token joins the conversation once the first tab's message starts it", async () => {
    const first = await customer();
    const second = await customer({ org: "ror-ikt", token: first.session.token });
    expect(second.session).toMatchObject({ token: first.session.token, conversationId: null });
    await first.request("message", { clientId: "t1", text: "Når har dere åpent?" });
    const conversationId = await first.conversationId();
    expect(await second.conversationId()).toBe(conversationId);
    // The second tab hears the conversation live, and its own message goes to the same one.
    expect((await second.waitFor(1, "bot"))[0]?.conversationId).toBe(conversationId);
    await second.request("message", { clientId: "t2", text: "Hva er telefonnummeret?" });
    await first.waitFor(2, "bot");
    expect((await stored(conversationId)).filter((m) => m.role === "customer").map((m) => m.clientId)).toEqual([
      "t1",
      "t2",
    ]);
    expect((await rows()).conversations).toBe(1);
  });

  it("ends the conversation, and a later message starts a new one", async () => {
    const kari = await customer();
    // Ending a chat that never started stores nothing.
    expect(await kari.request("conversation:end")).toEqual({ ok: true });
    expect(await rows()).toEqual(NOTHING);
    await kari.request("message", { clientId: randomUUID(), text: "Hei" });
    const first = await kari.conversationId();
    expect(await kari.request("conversation:end")).toEqual({ ok: true });
    expect(await kari.waitForEvent("status")).toEqual({ status: "closed" });
    expect((await server.app.context.repos.conversations.findById(first))?.status).toBe("closed");

    const ack = await kari.request<{ ok: boolean }>("message", { clientId: randomUUID(), text: "Hei igjen" });
    expect(ack.ok).toBe(true);
    expect(kari.sessions).toHaveLength(3);
    expect(kari.session.conversationId).not.toBe(first);
    expect((await stored(await kari.conversationId())).map((m) => m.text)).toContain("Hei igjen");
  });
});
