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

describe.skipIf(await shouldSkip(PRIMARY_PROVIDER))("/widget", () => {
  it("starts a session with the welcome and privacy notice, and answers a message", async () => {
    const kari = await customer({ org: "ror-ikt", lang: "nb" });
    expect(kari.session).toMatchObject({
      status: "bot",
      organisation: { slug: "ror-ikt", name: "ROR-IKT Kundeservice", open: true },
      agent: null,
      queue: null,
      lastMessageId: 0,
    });
    expect(kari.session.token.length).toBeGreaterThan(30);
    const welcome = await kari.waitFor(2, "bot");
    expect(welcome[1]?.text).toContain("Samtalen lagres");

    const ack = await kari.request("message", { clientId: "c1", text: "Når har dere åpent?" });
    expect(ack).toMatchObject({ ok: true, duplicate: false, id: expect.any(Number) });
    const bot = await kari.waitFor(3, "bot");
    expect(bot[2]).toMatchObject({ role: "bot", metadata: { action: "answer", sources: ["ror-ikt.hours.opening"] } });
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
    await kari.waitFor(3, "bot");
    await new Promise((r) => setTimeout(r, 200));
    const messages = await stored(kari.session.conversationId);
    expect(messages.filter((m) => m.role === "customer")).toHaveLength(1);
    expect(messages.filter((m) => m.role === "bot")).toHaveLength(3);
  });

  it("resumes the conversation on reconnect and sends what was missed through history", async () => {
    const first = await customer();
    await first.waitFor(2, "bot");
    const { token, conversationId } = first.session;
    await first.request("message", { clientId: "m1", text: "Hvordan melder jeg feil?" });
    await first.waitFor(3, "bot");
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
    expect(all.messages).toHaveLength(5);
    // No second welcome for a resumed conversation.
    await new Promise((r) => setTimeout(r, 200));
    expect(back.messages).toEqual([]);
  });

  it("rejects bad payloads with invalid_input and stores nothing", async () => {
    const kari = await customer();
    await kari.waitFor(2, "bot");
    const { conversationId } = kari.session;
    const before = (await stored(conversationId)).length;
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
    expect(await stored(conversationId)).toHaveLength(before);
    const { repos } = server.app.context;
    expect(await repos.feedback.listForConversation(conversationId)).toEqual([]);
    expect(await repos.offlineMessages.listForConversation(conversationId)).toEqual([]);
    expect((await repos.conversations.findById(conversationId))?.satisfaction).toBeNull();
  });

  it("opens only the token's own customer's conversations, in its own organisation", async () => {
    const kari = await customer();
    const ola = await customer();
    expect(ola.session.conversationId).not.toBe(kari.session.conversationId);
    await kari.request("message", { clientId: "k1", text: "Min hemmelige sak" });

    // Ola's token gives Ola's conversation, and its history has none of Kari's messages.
    const olaAgain = await customer({ org: "ror-ikt", token: ola.session.token });
    expect(olaAgain.session.conversationId).toBe(ola.session.conversationId);
    const history = await olaAgain.request<{ messages: Array<{ text: string }> }>("history", {});
    expect(history.messages.map((m) => m.text)).not.toContain("Min hemmelige sak");

    // Kari's token on another organisation's widget is a stranger there.
    const elsewhere = await customer({ org: "move", token: kari.session.token });
    expect(elsewhere.session.customerId).not.toBe(kari.session.customerId);
    expect(elsewhere.session.conversationId).not.toBe(kari.session.conversationId);
    expect(elsewhere.session.token).not.toBe(kari.session.token);

    // A made-up token is a new customer too.
    const guess = await customer({ org: "ror-ikt", token: "not-a-real-token" });
    expect(guess.session.customerId).not.toBe(kari.session.customerId);
    expect(guess.session.token).not.toBe("not-a-real-token");

    // Only the hash is stored.
    const row = await server.app.context.repos.customers.findById(kari.session.customerId);
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
    const { token, conversationId } = kari.session;
    const tabs = [kari];
    for (let i = 1; i < 10; i++) tabs.push(await customer({ org: "ror-ikt", token }));
    expect(new Set(tabs.map((t) => t.session.conversationId))).toEqual(new Set([conversationId]));
    // Three messages from each of ten sockets: one budget of ten for them all.
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
    const customerMessages = (await stored(conversationId)).filter((m) => m.role === "customer");
    expect(customerMessages).toHaveLength(10);
  });

  it("takes feedback, a rating, an offline message and gives the transcript", async () => {
    const kari = await customer();
    await kari.request("message", { clientId: "q", text: "Når har dere åpent?" });
    const [, , answer] = await kari.waitFor(3, "bot");
    const { conversationId } = kari.session;
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
    expect((await kari.waitFor(4, "bot"))[3]?.text).toContain("Beklager at svaret ikke hjalp");

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
    expect(transcript.messages).toHaveLength(5);
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
  });

  it("ends the conversation, and a later message starts a new one", async () => {
    const kari = await customer();
    const first = kari.session.conversationId;
    expect(await kari.request("conversation:end")).toEqual({ ok: true });
    expect(await kari.waitForEvent("status")).toEqual({ status: "closed" });
    expect((await server.app.context.repos.conversations.findById(first))?.status).toBe("closed");

    const ack = await kari.request<{ ok: boolean }>("message", { clientId: randomUUID(), text: "Hei igjen" });
    expect(ack.ok).toBe(true);
    expect(kari.sessions).toHaveLength(2);
    expect(kari.session.conversationId).not.toBe(first);
    expect((await stored(kari.session.conversationId)).map((m) => m.text)).toContain("Hei igjen");
  });
});
