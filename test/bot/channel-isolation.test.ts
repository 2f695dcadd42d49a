import type { Activity, TestAdapter } from "botbuilder";
import { afterEach, describe, expect, it } from "vitest";
import { type BotHarness, createBotHarness, SkrankeTestAdapter } from "./support/bot-harness.js";

/** Monday 23 November 2026, 10:00 in Oslo. */
const OPEN = new Date("2026-11-23T09:00:00Z");

let h: BotHarness;
afterEach(async () => {
  await h?.destroy();
});

async function organisationId(): Promise<string> {
  const org = await h.repos.organisations.findBySlug("ror-ikt");
  if (!org) throw new Error("ror-ikt is not synced");
  return org.id;
}

/** Runs one turn and returns what the bot sent and whatever the turn's error handler saw. */
async function turn(adapter: TestAdapter, activity: Partial<Activity>) {
  const sent: Array<Partial<Activity>> = [];
  adapter.activeQueue.splice(0);
  await adapter.processActivity(activity);
  sent.push(...adapter.activeQueue.splice(0));
  return sent;
}

describe("a turn reaches only conversations of its own adapter's channel", () => {
  it.each(["widget", "Widget"])(
    "a Bot Framework adapter refuses channelId %s naming a widget conversation: no reply, nothing stored",
    async (channelId) => {
      h = await createBotHarness({ now: OPEN, org: "ror-ikt" });
      const widget = await h.repos.conversations.create(
        { organisationId: await organisationId(), channel: "widget" },
        OPEN,
      );

      const sent = await turn(h.adapter, {
        type: "message",
        channelId,
        conversation: { id: widget.id } as Activity["conversation"],
        text: "Hva er telefonnummeret?",
      });

      expect(sent).toEqual([]);
      expect(await h.repos.messages.list(widget.id)).toEqual([]);
      expect(await h.repos.conversations.findByExternal(channelId, widget.id)).toBeNull();
      // The same adapter still answers its own channel's turns.
      const [answer] = await h.adapter.turn("Hva er telefonnummeret?");
      expect(answer?.text).toContain("71 11 11 66");
    },
  );

  it("the widget adapter refuses a turn naming a Bot Framework conversation's stored id", async () => {
    h = await createBotHarness({ now: OPEN, org: "ror-ikt" });
    const emulator = await h.repos.conversations.create(
      { organisationId: await organisationId(), channel: "emulator", externalId: "conv-1" },
      OPEN,
    );
    const widgetAdapter = new SkrankeTestAdapter(h.runtime.logic);
    h.runtime.install(widgetAdapter, "widget");

    const sent = await turn(widgetAdapter, {
      type: "message",
      channelId: "widget",
      conversation: { id: emulator.id } as Activity["conversation"],
      text: "Hva er telefonnummeret?",
    });

    expect(sent).toEqual([]);
    expect(await h.repos.messages.list(emulator.id)).toEqual([]);
  });

  it("the widget adapter answers its own conversations", async () => {
    h = await createBotHarness({ now: OPEN, org: "ror-ikt" });
    const widget = await h.repos.conversations.create(
      { organisationId: await organisationId(), channel: "widget" },
      OPEN,
    );
    const widgetAdapter = new SkrankeTestAdapter(h.runtime.logic);
    h.runtime.install(widgetAdapter, "widget");

    const sent = await turn(widgetAdapter, {
      type: "message",
      channelId: "widget",
      conversation: { id: widget.id } as Activity["conversation"],
      text: "Hva er telefonnummeret?",
    });

    expect(sent.find((a) => a.type === "message")?.text).toContain("71 11 11 66");
    // The /widget namespace stores the customer's message before the turn; the turn stores the bot's reply.
    expect((await h.repos.messages.list(widget.id)).map((m) => m.role)).toEqual(["bot"]);
  });
});
