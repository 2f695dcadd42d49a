import { randomUUID } from "node:crypto";
import type { Activity } from "botbuilder";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FixedClock } from "../../src/core/clock.js";
import { PRIMARY_PROVIDER, shouldSkip } from "../support/test-database.js";
import { AppHarness } from "./support/app-harness.js";
import { ChannelListener } from "./support/channel-listener.js";
import { WidgetClient } from "./support/widget-client.js";

/** Monday 23 November 2026, 10:00 in Oslo. */
const OPEN = new Date("2026-11-23T09:00:00Z");

const listener = new ChannelListener();
let server: AppHarness;
const clock = new FixedClock(OPEN);

beforeAll(async () => {
  await listener.start();
});
afterAll(async () => {
  await listener.stop();
});
beforeEach(async () => {
  clock.set(OPEN);
  listener.clear();
  server = new AppHarness(clock, { SKRANKE_BOTFRAMEWORK_AUTH: "off" });
  await server.start();
});
afterEach(async () => {
  await server.destroy();
});

/** An activity as the Bot Framework Emulator posts it. */
function emulator(conversationId: string, partial: Partial<Activity>): Partial<Activity> {
  return {
    type: "message",
    id: randomUUID(),
    channelId: "emulator",
    serviceUrl: listener.url,
    from: { id: "user-1", name: "Kari", role: "user" },
    recipient: { id: "bot-1", name: "Skranke", role: "bot" },
    conversation: { id: conversationId } as Activity["conversation"],
    locale: "nb-NO",
    timestamp: new Date(),
    ...partial,
  };
}

async function post(activity: Partial<Activity>, query = "?org=ror-ikt"): Promise<number> {
  const res = await fetch(`${server.url}/api/messages${query}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(activity),
  });
  await res.arrayBuffer();
  return res.status;
}

async function transcript(conversationId: string) {
  const { repos } = server.app.context;
  const conversation = await repos.conversations.findByExternal("emulator", conversationId);
  return { conversation, messages: await repos.messages.list(conversation?.id ?? "") };
}

describe.skipIf(await shouldSkip(PRIMARY_PROVIDER))("/api/messages (Bot Framework Emulator, no auth)", () => {
  it("welcomes, answers at the serviceUrl, and stores the transcript in order", async () => {
    const conv = `conv-${randomUUID()}`;
    const update = emulator(conv, {
      type: "conversationUpdate",
      membersAdded: [
        { id: "user-1", name: "Kari" },
        { id: "bot-1", name: "Skranke" },
      ],
    });
    expect(await post(update)).toBe(200);
    expect(listener.texts(conv)).toEqual([
      expect.stringContaining("chatboten til ROR-IKT Kundeservice"),
      expect.stringContaining("Samtalen lagres"),
    ]);

    const question = emulator(conv, { text: "Hva er telefonnummeret til kundeservice?" });
    expect(await post(question)).toBe(200);
    const reply = listener.received.at(-1);
    expect(reply?.text).toContain("71 11 11 66");
    expect(reply?.replyToId).toBe(question.id);
    expect(reply?.path).toBe(`/v3/conversations/${conv}/activities/${question.id}`);
    expect(reply?.suggestedActions?.actions?.map((a) => a.title)).toEqual(["👍 Nyttig", "👎 Ikke nyttig"]);
    // The private marker never leaves the server.
    expect(JSON.stringify(reply?.channelData ?? {})).not.toContain("skranke");

    // The Emulator retries a post: the message is stored once.
    expect(await post({ ...question, timestamp: new Date() })).toBe(200);

    const { conversation, messages } = await transcript(conv);
    expect(conversation).toMatchObject({ channel: "emulator", status: "bot" });
    expect(JSON.parse(conversation?.reference ?? "{}")).toMatchObject({ serviceUrl: listener.url });
    expect(messages.filter((m) => m.role === "customer").map((m) => m.text)).toEqual([
      "Hva er telefonnummeret til kundeservice?",
    ]);
    expect(messages.slice(0, 4).map((m) => [m.role, m.text.slice(0, 25)])).toEqual([
      ["bot", listener.texts(conv)[0]?.slice(0, 25)],
      ["bot", listener.texts(conv)[1]?.slice(0, 25)],
      ["customer", "Hva er telefonnummeret ti"],
      ["bot", "Du kan ringe Kundeservice"],
    ]);
    expect(messages[3]?.metadata).toMatchObject({ action: "answer", sources: ["ror-ikt.contact.phone"] });
    expect(messages[3]?.clientId).toBeNull();
    expect(messages[2]?.clientId).toBe(question.id);
  });

  it("answers for every organisation without ?org= and asks which one is meant", async () => {
    const conv = `conv-${randomUUID()}`;
    expect(await post(emulator(conv, { text: "Hva er telefonnummeret?" }), "")).toBe(200);
    const question = listener.received.at(-1);
    expect(question?.text).toContain("Hvilken organisasjon");
    const titles = question?.suggestedActions?.actions?.map((a) => String(a.title)) ?? [];
    expect(titles).toContain("Move Service Desk");
    // The Emulator's button sends its title as the text (imBack).
    expect(await post(emulator(conv, { text: "Move Service Desk" }), "")).toBe(200);
    const { conversation, messages } = await transcript(conv);
    expect(messages.at(-1)?.metadata).toMatchObject({ action: "answer", sources: ["move.contact.phone"] });
    const move = await server.app.context.repos.organisations.findBySlug("move");
    expect(conversation?.organisationId).toBe(move?.id);
  });

  it("refuses an unknown organisation in the endpoint", async () => {
    expect(await post(emulator("x", { text: "hei" }), "?org=nope")).toBe(400);
  });

  it("survives a restart in the middle of a dialog", async () => {
    const conv = `conv-${randomUUID()}`;
    await post(emulator(conv, { text: "Jeg vil snakke med et menneske" }));
    expect(listener.texts(conv).at(-1)).toContain("Skriv kort");

    await server.restart();
    // Nobody is online: the bot offers to take a message instead.
    await post(emulator(conv, { text: "Jeg får ikke skrevet ut fakturaer" }));
    expect(listener.texts(conv).at(-1)).toContain("legge igjen en melding");
    await post(emulator(conv, { text: "Ja" }));
    await post(emulator(conv, { text: "kari@example.no" }));
    expect(listener.texts(conv).at(-1)).toContain("kari@example.no");

    const { conversation, messages } = await transcript(conv);
    const offline = await server.app.context.repos.offlineMessages.listForConversation(conversation?.id ?? "");
    expect(offline).toMatchObject([{ email: "kari@example.no", text: "Jeg får ikke skrevet ut fakturaer" }]);
    // What was said, in order: every customer message and every reply the channel received.
    const said = listener.texts(conv);
    expect(messages.filter((m) => m.role === "bot").map((m) => m.text)).toEqual(said);
    expect(messages.map((m) => m.role)).toEqual([
      "customer",
      "bot",
      "customer",
      "bot",
      "customer",
      "bot",
      "customer",
      "bot",
    ]);
  });

  it("sends no bot reply while an agent owns the conversation, relays the agent's messages, and resumes on hand-back", async () => {
    const conv = `conv-${randomUUID()}`;
    await post(emulator(conv, { text: "Når har dere åpent?" }));
    const { conversation } = await transcript(conv);
    const id = conversation?.id ?? "";
    const { repos, services } = server.app.context;
    await repos.conversations.update(id, { status: "assigned" });
    listener.clear();

    expect(await post(emulator(conv, { text: "Hallo, er det noen der?" }))).toBe(200);
    expect(listener.received).toEqual([]);

    await services.log.record(conversation?.organisationId ?? "", {
      conversationId: id,
      role: "agent",
      text: "Hei, jeg heter Kari. Hva gjelder det?",
      authorName: "Kari",
    });
    expect(await listener.waitForMessages(1)).toEqual(["Kari: Hei, jeg heter Kari. Hva gjelder det?"]);

    await repos.conversations.update(id, { status: "bot" });
    services.events.publish({
      type: "agent:left",
      conversationId: id,
      organisationId: conversation?.organisationId ?? "",
      agent: { id: "a-1", displayName: "Kari" },
      reason: "released",
    });
    expect((await listener.waitForMessages(2))[1]).toContain("chatboten igjen");

    const { messages } = await transcript(conv);
    expect(messages.map((m) => m.role)).toEqual(["customer", "bot", "customer", "agent", "bot"]);
  });
});

describe.skipIf(await shouldSkip(PRIMARY_PROVIDER))("/api/messages and the other channels' conversations", () => {
  it("refuses an activity naming the widget channel and a widget conversation: nothing stored, nothing pushed", async () => {
    const kari = await WidgetClient.connect(server.url, { org: "ror-ikt" });
    try {
      // The first message stores the widget conversation.
      await kari.request("message", { clientId: "first", text: "Hva er telefonnummeret?" });
      const conversationId = await kari.conversationId();
      const customerId = await kari.customerId();
      await kari.waitFor(1, "bot");
      await server.app.idle();
      const before = await server.app.context.repos.messages.list(conversationId);

      const forged = emulator(conversationId, {
        channelId: "widget",
        from: { id: customerId, name: "", role: "user" },
        text: "Send meg alle fakturaene til en annen adresse",
      });
      const res = await fetch(`${server.url}/api/messages?org=ror-ikt`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(forged),
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        error: { code: "invalid_input", message: expect.stringContaining("widget") },
      });

      // The refusal came before any processing: the widget conversation is as it was.
      expect(await server.app.context.repos.messages.list(conversationId)).toEqual(before);
      expect(kari.messages.map((m) => m.text)).not.toContain(forged.text);
      expect(listener.received).toEqual([]);
      // A confirming round trip on the customer's own socket: what the server pushes still arrives, and it is not the stranger's text.
      await kari.request("message", { clientId: "own", text: "Når har dere åpent?" });
      const after = await kari.waitFor(2, "bot");
      expect(kari.messages.map((m) => m.text)).not.toContain(forged.text);
      expect(after.at(-1)?.metadata).toMatchObject({ action: "answer" });
    } finally {
      kari.close();
    }
  });

  it("files an activity that names a widget conversation's id on another channel under that channel, apart", async () => {
    const kari = await WidgetClient.connect(server.url, { org: "ror-ikt" });
    try {
      await kari.request("message", { clientId: "first", text: "Hva er telefonnummeret?" });
      const conversationId = await kari.conversationId();
      await kari.waitFor(1, "bot");
      await server.app.idle();
      const before = await server.app.context.repos.messages.list(conversationId);
      expect(await post(emulator(conversationId, { text: "Hva er telefonnummeret?" }))).toBe(200);
      const { conversation } = await transcript(conversationId);
      expect(conversation).toMatchObject({ channel: "emulator", externalId: conversationId });
      expect(conversation?.id).not.toBe(conversationId);
      expect(await server.app.context.repos.messages.list(conversationId)).toEqual(before);
    } finally {
      kari.close();
    }
  });
});

describe.skipIf(await shouldSkip(PRIMARY_PROVIDER))("/api/messages with MicrosoftAppId set", () => {
  it("refuses activities without a Bot Framework token", async () => {
    const secured = new AppHarness(clock, { MicrosoftAppId: randomUUID(), MicrosoftAppPassword: "secret" });
    await secured.start();
    try {
      const conv = `conv-${randomUUID()}`;
      const res = await fetch(`${secured.url}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(emulator(conv, { text: "hei", serviceUrl: "https://webchat.botframework.com/" })),
      });
      expect(res.status).toBe(401);
      expect(listener.texts(conv)).toEqual([]);
      expect(await secured.app.context.repos.conversations.findByExternal("emulator", conv)).toBeNull();
    } finally {
      await secured.destroy();
    }
  });
});
