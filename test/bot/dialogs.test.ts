import { type Activity, TurnContext } from "botbuilder";
import { afterEach, describe, expect, it } from "vitest";
import { handoffStatusActivity } from "../../src/bot/handoff-hub.js";
import { type BotHarness, createBotHarness, type SkrankeTestAdapter } from "./support/bot-harness.js";

/** Monday 23 November 2026, 10:00 in Oslo: ROR-IKT's customer service is open. */
const OPEN = new Date("2026-11-23T09:00:00Z");
/** Friday 25 December 2026 (Første juledag), 11:00 in Oslo: a public holiday. */
const CHRISTMAS = new Date("2026-12-25T10:00:00Z");

let h: BotHarness;
afterEach(async () => {
  await h?.destroy();
});

describe("dialogs", () => {
  it("answers a question and asks whether it helped", async () => {
    h = await createBotHarness({ now: OPEN, org: "ror-ikt" });
    const replies = await h.adapter.turn("Når har dere åpent?");
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toContain("0800");
    expect(replies[0]?.suggestedActions?.actions.map((a) => a.title)).toEqual(["👍 Nyttig", "👎 Ikke nyttig"]);
    expect(await h.adapter.say("👍 Nyttig")).toEqual(["Så bra! Spør gjerne om noe mer."]);

    const conversation = await h.conversation();
    const messages = await h.repos.messages.list(conversation?.id ?? "");
    expect(messages.map((m) => [m.role, m.text.slice(0, 20)])).toEqual([
      ["customer", "Når har dere åpent?"],
      ["bot", "Kundeservice er bema"],
      ["customer", "👍 Nyttig"],
      ["bot", "Så bra! Spør gjerne "],
    ]);
    expect(messages[1]?.metadata).toMatchObject({ action: "answer", sources: ["ror-ikt.hours.opening"] });
    const feedback = await h.repos.feedback.listForConversation(conversation?.id ?? "");
    expect(feedback).toMatchObject([{ messageId: messages[1]?.id, helpful: true }]);
  });
});

describe("languages", () => {
  it("answers an English question in English, with English buttons", async () => {
    h = await createBotHarness({ now: OPEN, org: "ror-ikt" });
    const [answer] = await h.adapter.turn("When are you open?");
    expect(answer?.text).toContain("Customer Service is staffed");
    expect(answer?.suggestedActions?.actions.map((a) => a.title)).toEqual(["👍 Helpful", "👎 Not helpful"]);
    expect(await h.adapter.say("👍 Helpful")).toEqual(["Great! Feel free to ask me something else."]);
    expect((await h.conversation())?.language).toBe("en");
  });
});

describe("clarifying questions", () => {
  it("asks which organisation is meant, with the choices as buttons, and answers the one picked", async () => {
    h = await createBotHarness({ now: OPEN });
    const [question] = await h.adapter.turn("Hva er telefonnummeret?");
    expect(question?.text).toContain("Hvilken organisasjon");
    const titles = question?.suggestedActions?.actions.map((a) => a.title) ?? [];
    expect(titles).toContain("ROR-IKT Kundeservice");

    const [answer] = await h.adapter.turn("ROR-IKT Kundeservice");
    expect(answer?.text).toContain("71 11 11 66");
    const conversation = await h.conversation();
    const messages = await h.repos.messages.list(conversation?.id ?? "");
    expect(messages[1]?.metadata).toMatchObject({
      action: "clarify",
      choices: expect.arrayContaining([{ label: "ROR-IKT Kundeservice", value: "ror-ikt.contact.phone" }]),
    });
    expect(messages[3]?.metadata).toMatchObject({ action: "answer", sources: ["ror-ikt.contact.phone"] });
    // The conversation is now filed under the organisation the answer is about.
    const org = await h.repos.organisations.findBySlug("ror-ikt");
    expect(conversation?.organisationId).toBe(org?.id);
  });

  it("accepts the choice's number and the widget's value", async () => {
    h = await createBotHarness({ now: OPEN });
    await h.adapter.turn("Hva er telefonnummeret?");
    const id = (await h.conversation())?.id ?? "";
    const offered = (await h.repos.messages.list(id)).at(-1)?.metadata as {
      choices: Array<{ label: string; value: string }>;
    };
    expect(offered.choices.length).toBeGreaterThanOrEqual(2);
    const [byNumber] = await h.adapter.turn("2");
    expect(byNumber?.suggestedActions?.actions.map((a) => a.title)).toEqual(["👍 Nyttig", "👎 Ikke nyttig"]);
    expect((await h.repos.messages.list(id)).at(-1)?.metadata).toMatchObject({ sources: [offered.choices[1]?.value] });

    await h.adapter.turn("Hva er telefonnummeret?");
    const first = offered.choices[0];
    const replies = await h.adapter.turn({ type: "message", text: first?.label, value: first?.value });
    expect(replies).toHaveLength(1);
    expect((await h.repos.messages.list(id)).at(-1)?.metadata).toMatchObject({ sources: [first?.value] });
  });
});

describe("handoff", () => {
  it("goes straight on for an explicit request, asks for a description, and queues when open", async () => {
    h = await createBotHarness({ now: OPEN, org: "ror-ikt" });
    expect(await h.adapter.say("Jeg vil snakke med et menneske")).toEqual([expect.stringContaining("Skriv kort")]);
    const replies = await h.adapter.turn("Skriveren på kontoret skriver ikke ut");
    // The handoff.initiate event went to the hub, not to the channel.
    expect(replies.map((a) => a.type)).toEqual(["message", "message"]);
    expect(replies[0]?.text).toContain("Et øyeblikk");
    expect(replies[1]?.text).toContain("nummer 1");
    expect(h.handoff.requests).toEqual([
      {
        conversationId: (await h.conversation())?.id,
        reason: "customer_request",
        summary: "Skriveren på kontoret skriver ikke ut",
      },
    ]);
    expect((await h.conversation())?.status).toBe("queued");
  });

  it("offers a person after two fallbacks in a row", async () => {
    h = await createBotHarness({ now: OPEN, org: "ror-ikt" });
    await h.adapter.say("Kan dere reparere sykkelen min?");
    const second = await h.adapter.turn("Hvordan bytter jeg dekk på bilen?");
    // Two failures in a row: the bot offers a person itself.
    expect(second.at(-1)?.text).toContain("Vil du snakke med en person?");
    expect(second.at(-1)?.suggestedActions?.actions.map((a) => a.title)).toEqual(["Ja", "Nei"]);
    const replies = await h.adapter.say("Ja");
    expect(replies[0]).toContain("Et øyeblikk");
    expect(h.handoff.requests[0]).toMatchObject({
      reason: "repeated_fallback",
      summary: "Hvordan bytter jeg dekk på bilen?",
    });
  });

  it("says it cannot help once on the second miss: the offer of a person is the only reply", async () => {
    h = await createBotHarness({ now: OPEN, org: "ror-ikt" });
    const first = await h.adapter.say("Kan dere reparere sykkelen min?");
    expect(first).toHaveLength(1);
    const second = await h.adapter.turn("Hvordan bytter jeg dekk på bilen?");
    expect(second.map((a) => a.text)).toEqual([expect.stringContaining("Vil du snakke med en person?")]);
  });

  it("takes «Nei takk» where it asks what the matter is as a no: nobody is queued", async () => {
    h = await createBotHarness({ now: OPEN, org: "ror-ikt" });
    expect(await h.adapter.say("Jeg vil snakke med et menneske")).toEqual([expect.stringContaining("Skriv kort")]);
    expect(await h.adapter.say("Nei takk")).toEqual([expect.stringContaining("Greit")]);
    expect(h.handoff.requests).toEqual([]);
    expect((await h.conversation())?.status).toBe("bot");
    // The bot answers questions again afterwards.
    expect(await h.adapter.say("Hva er telefonnummeret?")).toEqual([expect.stringContaining("71 11 11 66")]);
  });

  it("offers to leave a message when nobody is online", async () => {
    h = await createBotHarness({ now: OPEN, org: "ror-ikt" });
    h.handoff.agentsAreOnline = false;
    await h.adapter.say("Jeg vil snakke med et menneske");
    const replies = await h.adapter.say("Jeg har glemt passordet mitt");
    expect(replies.at(-1)).toContain("ingen medarbeidere er ledige");
    expect(replies.at(-1)).toContain("legge igjen en melding");
    expect(await h.adapter.say("ja")).toEqual([expect.stringContaining("e-postadresse eller hvilket telefonnummer")]);
    expect(await h.adapter.say("912 34 567")).toEqual([expect.stringContaining("på +47 912 34 567")]);
    const conversation = await h.conversation();
    const stored = await h.repos.offlineMessages.listForConversation(conversation?.id ?? "");
    expect(stored).toMatchObject([{ phone: "+4791234567", text: "Jeg har glemt passordet mitt", email: null }]);
    expect(conversation?.status).toBe("bot");
  });

  it("handles the hub's handoff.status failed (nobody took it after all) with the same offer", async () => {
    h = await createBotHarness({ now: OPEN, org: "ror-ikt" });
    h.handoff.refuseRequests = true;
    await h.adapter.say("Jeg vil snakke med et menneske");
    const replies = await h.adapter.say("Jeg har glemt passordet mitt");
    expect(replies[0]).toContain("Et øyeblikk");
    expect(replies.at(-1)).toContain("ingen medarbeidere er ledige");
    expect(await h.adapter.say("nei")).toEqual([expect.stringContaining("Greit")]);
    expect(h.handoff.requests).toHaveLength(1);
  });

  it("on a public holiday says when it opens and takes a message with validated contact details", async () => {
    h = await createBotHarness({ now: CHRISTMAS, org: "ror-ikt" });
    await h.adapter.say("Jeg vil snakke med et menneske");
    const closed = await h.adapter.turn("Jeg får ikke logget inn på PC-en");
    expect(closed).toHaveLength(1);
    expect(closed[0]?.text).toContain("første juledag");
    expect(closed[0]?.text).toContain("mandag 28. desember kl. 08:00");
    expect(closed[0]?.suggestedActions?.actions.map((a) => a.title)).toEqual(["Ja", "Nei"]);
    expect(h.handoff.requests).toEqual([]);

    expect(await h.adapter.say("Ja")).toEqual([expect.stringContaining("e-postadresse")]);
    expect(await h.adapter.say("kari@")).toEqual([expect.stringContaining("ikke ut som en gyldig")]);
    expect(await h.adapter.say("Send til Kari@Eksempel.NO takk")).toEqual([
      expect.stringContaining("Kari@eksempel.no"),
    ]);
    const conversation = await h.conversation();
    const stored = await h.repos.offlineMessages.listForConversation(conversation?.id ?? "");
    expect(stored).toMatchObject([
      { email: "Kari@eksempel.no", phone: null, text: "Jeg får ikke logget inn på PC-en", language: "nb" },
    ]);
  });
});

describe("repeated failures", () => {
  it("offers a person after two unhelpful answers in a row, and a no keeps the bot", async () => {
    h = await createBotHarness({ now: OPEN, org: "ror-ikt" });
    await h.adapter.say("Når har dere åpent?");
    expect(await h.adapter.say("👎 Ikke nyttig")).toEqual([expect.stringContaining("Beklager at svaret ikke hjalp")]);
    await h.adapter.say("Hva er telefonnummeret?");
    expect(await h.adapter.say("👎 Ikke nyttig")).toEqual([expect.stringContaining("Vil du snakke med en person?")]);
    expect(await h.adapter.say("nei takk")).toEqual([expect.stringContaining("Greit")]);
    expect(h.handoff.requests).toEqual([]);
    const conversation = await h.conversation();
    const feedback = await h.repos.feedback.listForConversation(conversation?.id ?? "");
    expect(feedback.map((f) => f.helpful)).toEqual([false, false]);
  });
});

describe("welcome", () => {
  it("greets once in the organisation's language with the privacy notice", async () => {
    h = await createBotHarness({ now: OPEN, org: "ror-ikt" });
    const update: Partial<Activity> = {
      type: "conversationUpdate",
      membersAdded: [
        { id: "user", name: "User1" },
        { id: "bot", name: "Bot" },
      ],
    };
    const replies = await h.adapter.say(update);
    expect(replies).toHaveLength(2);
    expect(replies[0]).toContain("chatboten til ROR-IKT Kundeservice");
    expect(replies[1]).toContain("Samtalen lagres");
    expect(replies[1]).toContain("1 år");
    expect(replies[1]).toContain("5 år");
    expect(await h.adapter.say(update)).toEqual([]);
  });
});

describe("durable state", () => {
  it("resumes a dialog where the customer was after a restart", async () => {
    h = await createBotHarness({ now: CHRISTMAS, org: "ror-ikt" });
    await h.adapter.say("Jeg vil snakke med et menneske");
    await h.adapter.say("Skjermen min er svart");
    expect(await h.adapter.say("ja")).toEqual([expect.stringContaining("e-postadresse")]);

    await h.restart();
    expect(await h.adapter.say("99 88 77 66")).toEqual([expect.stringContaining("på +47 998 87 766")]);
    const conversation = await h.conversation();
    const stored = await h.repos.offlineMessages.listForConversation(conversation?.id ?? "");
    expect(stored).toMatchObject([{ phone: "+4799887766", text: "Skjermen min er svart" }]);
    const rows = await h.repos.botState.read([`test/conversations/${h.adapter.conversation.conversation.id}/`]);
    expect(rows).toMatchObject([{ conversationId: conversation?.id }]);
  });
});

describe("confirmation", () => {
  it("asks before queueing when a longer message also asks for a person, and uses it as the summary", async () => {
    h = await createBotHarness({ now: OPEN, org: "ror-ikt" });
    const text = "Kan jeg få snakke med en person om at fakturaen for mars er altfor høy";
    const [confirm] = await h.adapter.turn(text);
    expect(confirm?.text).toContain("Vil du at jeg setter deg over til en person?");
    expect(await h.adapter.say("Ja")).toEqual([
      expect.stringContaining("Et øyeblikk"),
      expect.stringContaining("nummer 1"),
    ]);
    expect(h.handoff.requests).toMatchObject([{ reason: "customer_request", summary: text }]);
  });
});

describe("while a person owns the conversation", () => {
  it("lets a customer on a Bot Framework channel leave the queue with «avbryt»", async () => {
    h = await createBotHarness({ now: OPEN, org: "ror-ikt" });
    await h.adapter.say("Jeg vil snakke med et menneske");
    await h.adapter.say("Fakturaen min er feil");
    expect((await h.conversation())?.status).toBe("queued");
    expect(await h.adapter.say("avbryt")).toEqual([expect.stringContaining("tatt ut av køen")]);
    expect(h.handoff.cancels).toMatchObject([{ why: "customer_cancelled" }]);
    expect((await h.conversation())?.status).toBe("bot");
  });

  it("stores and publishes the customer's messages but sends no bot reply, and resumes when handed back", async () => {
    h = await createBotHarness({ now: OPEN, org: "ror-ikt" });
    await h.adapter.say("Jeg vil snakke med et menneske");
    await h.adapter.say("Fakturaen min er feil");
    const conversation = await h.conversation();
    const id = conversation?.id ?? "";
    await h.handoff.assign(id, { id: "agent-1", displayName: "Kari" });
    const published: string[] = [];
    h.events.on("message", (e) => published.push(`${e.message.role}:${e.message.text}`));

    expect(await h.adapter.turn("Når har dere åpent?")).toEqual([]);
    expect(await h.adapter.turn("Hallo?")).toEqual([]);
    expect(published).toEqual(["customer:Når har dere åpent?", "customer:Hallo?"]);

    await h.handoff.release(id, { id: "agent-1", displayName: "Kari" });
    expect(await h.adapter.say(handBack(h.adapter))).toEqual([expect.stringContaining("chatboten igjen")]);
    const replies = await h.adapter.say("Når har dere åpent?");
    expect(replies[0]).toContain("0800");
  });
});

/** The `handoff.status` "completed" event a hand-back delivers to the bot. */
function handBack(adapter: SkrankeTestAdapter): Partial<Activity> {
  return handoffStatusActivity(TurnContext.getConversationReference(adapter.makeActivity("") as Activity), {
    state: "completed",
    message: "released",
  });
}

/** Saturday 5 December 2026, 10:00 in Oslo: the weekday services are closed. */
const SATURDAY = new Date("2026-12-05T09:00:00Z");

describe("follow-ups in context", () => {
  it("takes a short follow-up as being about the contact point of the last answer", async () => {
    h = await createBotHarness({ now: OPEN, org: "oslo-kommune" });
    expect((await h.adapter.say("hvem er kundeansvarlig i DNB?"))[0]).toContain("Torgeir Haugland");
    const [phone] = await h.adapter.say("og e-posten?");
    expect(phone).toContain("torgeir.haugland@dnb.no");
    // Only that person's facts: not the team leader's or the bank's numbers.
    expect(phone).not.toMatch(/kristin|22 48 32 00/i);
    const [english] = await h.adapter.say("what about the phone?");
    expect(english).toContain("97 06 77 49");
    expect(english).not.toContain("95 73 55 20");
  });

  it("answers 'når har de åpent?' with the hours of the contact point just discussed, live", async () => {
    h = await createBotHarness({ now: SATURDAY, org: "oslo-kommune" });
    await h.adapter.say("hva er telefonnummeret til kundeservice VIP?");
    const [hours] = await h.adapter.say("når har de åpent?");
    expect(hours).toContain("hverdager 08:00-18:00");
    const [now] = await h.adapter.say("har de åpent nå?");
    expect(now).toMatch(/^Nei, DNB Kundeservice VIP har stengt nå\. Neste åpning er mandag 7\. desember kl\. 08:00\./);
    expect(now).toContain("24/7");
  });

  it("forgets the contact point when the conversation moves on", async () => {
    h = await createBotHarness({ now: OPEN, org: "oslo-kommune" });
    await h.adapter.say("hvem er kundeansvarlig i DNB?");
    await h.adapter.say("hvilke møtefora finnes mellom kommunen og DNB?");
    const [reply] = await h.adapter.say("og e-posten?");
    expect(reply).not.toContain("torgeir.haugland@dnb.no");
  });
});

describe("reply wording", () => {
  it("answers 'takk!' as thanks, without counting it as a failure or asking for feedback", async () => {
    h = await createBotHarness({ now: OPEN, org: "ror-ikt" });
    await h.adapter.say("Når har dere åpent?");
    const replies = await h.adapter.turn("takk!");
    expect(replies.map((r) => r.text)).toEqual(["Bare hyggelig! Er det noe mer jeg kan hjelpe deg med?"]);
    expect(replies[0]?.suggestedActions).toBeUndefined();
    expect(await h.adapter.say("thank you so much")).toEqual([expect.stringContaining("You're welcome")]);
    // Two thanks in a row are not two failures: no offer of a person.
    expect(await h.adapter.say("takk")).toEqual([expect.not.stringContaining("snakke med en person")]);
  });

  it("does not start with 'Ja,' when the question is not a yes/no question", async () => {
    h = await createBotHarness({ now: OPEN, org: "dnb" });
    const [how] = await h.adapter.say("hvordan kan jeg chatte med DNB?");
    expect(how).toMatch(/^Du kan kontakte DNB via chat/);
    const [yesNo] = await h.adapter.say("kan jeg chatte med DNB?");
    expect(yesNo).toMatch(/^Ja, du kan kontakte DNB via chat/);
  });

  it("labels the feedback buttons in the answer's language, not the conversation's", async () => {
    h = await createBotHarness({ now: OPEN, org: "ror-ikt" });
    await h.adapter.say("Når har dere åpent?");
    const [answer] = await h.adapter.turn("what is your e-mail address?");
    expect(answer?.text).toContain("kundeservice@ror-ikt.no");
    expect(answer?.suggestedActions?.actions.map((a) => a.title)).toEqual(["👍 Helpful", "👎 Not helpful"]);
  });
});

describe("person requests in nynorsk and dialect", () => {
  it("hands over 'kan eg få prate med ein ekte person?' and 'e vil snakk me nån på support'", async () => {
    h = await createBotHarness({ now: OPEN, org: "move" });
    expect(await h.adapter.say("e vil snakk me nån på support")).toEqual([expect.stringContaining("Skriv kort")]);
    expect(await h.adapter.say("avbryt")).toEqual([expect.stringContaining("avbrutt")]);
    // Eight words or more may describe the problem too, so the bot checks before it queues.
    expect(await h.adapter.say("kan eg få prate med ein ekte person no?")).toEqual([
      "Vil du at jeg setter deg over til en person?",
    ]);
    expect((await h.adapter.say("ja"))[0]).toContain("Et øyeblikk");
    expect(h.handoff.requests).toHaveLength(1);
  });

  it("answers a question about the handoff instead of queueing the customer", async () => {
    h = await createBotHarness({ now: OPEN, org: "dnb" });
    const [reply] = await h.adapter.say(
      "ser rådgiveren det jeg allerede har skrevet til boten hvis jeg ber om en rådgiver?",
    );
    expect(reply).toContain("chatloggen");
    expect(h.handoff.requests).toEqual([]);
    expect((await h.conversation())?.status).toBe("bot");
  });
});
