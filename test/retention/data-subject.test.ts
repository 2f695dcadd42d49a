import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { customerStateKey } from "../../src/bot/customer-user-state.js";
import { FixedClock } from "../../src/core/clock.js";
import { createComplianceServices } from "../../src/core/retention/compliance-services.js";
import { exportAsText } from "../../src/core/retention/data-subject/export-text.js";
import { botStateStorageFor } from "../support/conversation-core.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";
import { actor, clearRetentionData, seedConversation, seedOrganisations } from "./retention-fixtures.js";

const NOW = new Date("2026-06-01T10:00:00Z");
const DAY = 86_400_000;

describe("data-subject requests and the masked analytics export", () => {
  let t: TestDatabase;
  let org: string;
  const clock = new FixedClock(NOW);
  const s = () => createComplianceServices(t.repos, clock, "server", { pauseMs: 0 });

  beforeAll(async () => {
    t = await createTestDatabase();
    org = (await seedOrganisations(t.repos))["ror-ikt"] as string;
  });
  afterAll(async () => {
    await t?.destroy();
  });
  beforeEach(() => clearRetentionData(t));

  /** Kari: a widget customer with a bot-only and a human conversation, and a leave-a-message with her phone. */
  async function seedKari() {
    const p = t.db.prisma;
    const kari = await p.customer.create({
      data: { organisationId: org, displayName: "Kari", email: "Kari@Example.no" },
    });
    const botOnly = await seedConversation(t.repos, org, new Date(NOW.getTime() - 10 * DAY), {
      customerId: kari.id,
      texts: ["Hvordan bytter jeg passord?", "Gå til Min side."],
    });
    const human = await seedConversation(t.repos, org, new Date(NOW.getTime() - 5 * DAY), {
      customerId: kari.id,
      human: true,
      texts: ["Fakturaen er feil", "Jeg setter deg over.", "Hei, Kari her fra kundeservice"],
    });
    // A leave-a-message from someone not logged in to the widget, only with her phone.
    const offlineConv = await seedConversation(t.repos, org, new Date(NOW.getTime() - 3 * DAY), {
      texts: ["Ring meg"],
    });
    await p.offlineMessage.create({
      data: {
        organisationId: org,
        conversationId: offlineConv.id,
        name: "Kari N",
        phone: "+47 912 34 567",
        text: "Ring meg i morgen",
      },
    });
    await p.offlineMessage.create({
      data: { organisationId: org, email: "kari@example.no", text: "Send meg kvittering" },
    });
    return { kari, botOnly, human, offlineConv };
  }

  it("exports all of a customer's conversations by widget customer id, as JSON and readable text", async () => {
    const { kari, botOnly, human } = await seedKari();
    const e = await s().subjects.export({ customerId: kari.id }, actor, null);
    expect(e.format).toBe("skranke.subject-export/1");
    expect(e.customers.map((c) => c.id)).toEqual([kari.id]);
    expect(e.conversations.map((c) => c.id).sort()).toEqual([botOnly.id, human.id].sort());
    const h = e.conversations.find((c) => c.id === human.id);
    expect(h?.messages.map((m) => m.text)).toEqual([
      "Fakturaen er feil",
      "Jeg setter deg over.",
      "Hei, Kari her fra kundeservice",
    ]);
    expect(h?.retention.class).toBe("human_involved");
    expect(e.offlineMessages.map((o) => o.text)).toEqual(["Send meg kvittering"]);
    const text = exportAsText(e);
    expect(text).toContain("Kunde / Customer: Fakturaen er feil");
    expect(text).toContain("Kundebehandler / Agent (Kari Agent): Hei, Kari her fra kundeservice");
    const audit = await t.repos.audit.list({ action: "subject.export" });
    expect(audit[0]?.details).toMatchObject({ lookup: ["customerId"], conversations: 2 });
    expect(JSON.stringify(audit)).not.toContain("Fakturaen");
  });

  it("finds a leave-a-message by phone in another spelling and by e-mail in another case", async () => {
    const { offlineConv, kari } = await seedKari();
    const byPhone = await s().subjects.export({ phone: "91234567" }, actor, null);
    expect(byPhone.conversations.map((c) => c.id)).toEqual([offlineConv.id]);
    expect(byPhone.offlineMessages.map((o) => o.text)).toEqual(["Ring meg i morgen"]);
    const byEmail = await s().subjects.export({ email: "KARI@example.no" }, actor, null);
    expect(byEmail.offlineMessages.map((o) => o.text)).toEqual(["Send meg kvittering"]);
    expect(byEmail.customers).toEqual([]); // stored as Kari@Example.no: case differs in the domain too
    const exact = await s().subjects.export({ email: "Kari@Example.no" }, actor, null);
    expect(exact.customers.map((c) => c.id)).toEqual([kari.id]);
    await expect(s().subjects.export({}, actor, null)).rejects.toThrow(/name the customer/);
    await expect(s().subjects.export({ customerId: "nobody" }, actor, null)).rejects.toThrow(/no such customer/);
  });

  it("erases bot-only logs at once, keeps human ones with the reason, and respects holds", async () => {
    const { kari, botOnly, human } = await seedKari();
    const held = await seedConversation(t.repos, org, new Date(NOW.getTime() - 2 * DAY), { customerId: kari.id });
    await s().holds.place({ conversationId: held.id }, "klagesak", actor, null);
    const storage = botStateStorageFor(t.repos);
    await storage.write({ [customerStateKey("widget", kari.id)]: { profile: { lang: "nb" } } });
    const r = await s().subjects.erase({ customerId: kari.id }, actor, null);
    // Her customer record stays (a kept conversation is hers), but not the bot's note of her language.
    expect(r.deleted.userState).toBe(1);
    expect(await t.db.prisma.botState.count({ where: { customerId: kari.id } })).toBe(0);
    expect(r.deleted.conversations.map((c) => c.id)).toEqual([botOnly.id]);
    expect(r.deleted.messages).toBe(2);
    expect(r.deleted.offlineMessages).toBe(1);
    expect(r.deleted.customers).toBe(0);
    const reasons = Object.fromEntries(r.kept.map((k) => [k.conversationId, k]));
    expect(reasons[human.id]).toMatchObject({ reason: "human_involved" });
    expect(reasons[human.id]?.keptUntil).toMatch(/^2031-05-27/);
    expect(reasons[human.id]?.explanation).toMatch(/human agent took part/);
    expect(reasons[held.id]).toMatchObject({ reason: "legal_hold" });
    expect(await t.repos.conversations.findById(botOnly.id)).toBeNull();
    expect(await t.repos.conversations.findById(human.id)).not.toBeNull();
    expect(await t.repos.conversations.findById(held.id)).not.toBeNull();
    const audit = await t.repos.audit.list({ action: "subject.erasure" });
    expect(audit[0]?.details).toMatchObject({ deletedConversations: [botOnly.id], deletedMessages: 2 });
  });

  it("deletes the customer record when nothing of it is kept", async () => {
    const p = t.db.prisma;
    const ola = await p.customer.create({ data: { organisationId: org, phone: "98765432" } });
    const c = await seedConversation(t.repos, org, new Date(NOW.getTime() - DAY), { customerId: ola.id });
    const r = await s().subjects.erase({ phone: "+47 98 76 54 32" }, actor, null);
    expect(r.deleted.conversations.map((x) => x.id)).toEqual([c.id]);
    expect(r.deleted.customers).toBe(1);
    expect(r.kept).toEqual([]);
    expect(await p.customer.count({ where: { id: ola.id } })).toBe(0);
  });

  it("exports unanswered questions, escalations and feedback with personal data masked, the log unchanged", async () => {
    const p = t.db.prisma;
    const question = "Mitt fødselsnummer er 15038512345 og kortet 4111 1111 1111 1111, ring 41234567";
    const c = await seedConversation(t.repos, org, new Date(NOW.getTime() - DAY), {
      texts: [question, "Beklager, det vet jeg ikke.", "Hvor er kontoret?", "Storgata 1."],
      fallback: false,
    });
    // Mark the first bot reply as a fallback (the bot stores its decision in metadata).
    const msgs = await t.repos.messages.list(c.id);
    await p.message.update({
      where: { id: msgs[1]?.id ?? 0 },
      data: { metadata: { action: "fallback", confidence: 0.1 } },
    });
    await p.handoffRequest.create({
      data: {
        conversationId: c.id,
        organisationId: org,
        reason: "low_confidence",
        summary: "Kunde oppga e-post ola@example.no",
        requestedAt: new Date(NOW.getTime() - DAY),
      },
    });
    await p.feedback.create({
      data: {
        conversationId: c.id,
        messageId: msgs[3]?.id ?? null,
        helpful: false,
        comment: "Send svar til ola@example.no",
        createdAt: new Date(NOW.getTime() - DAY),
      },
    });
    const e = await s().analytics.export(
      { organisationSlug: null, from: new Date(NOW.getTime() - 7 * DAY), to: NOW },
      actor,
      null,
    );
    expect(e.unansweredQuestions.map((q) => q.question)).toEqual([
      "Mitt fødselsnummer er 15038512345 og kortet [kortnummer], ring [telefon]",
    ]);
    expect(e.escalations.reasons).toEqual([{ reason: "low_confidence", count: 1 }]);
    expect(e.escalations.items[0]?.summary).toBe("Kunde oppga e-post [e-post]");
    expect(e.feedback[0]).toMatchObject({ helpful: false, comment: "Send svar til [e-post]", answer: "Storgata 1." });
    expect(e.masked).toMatchObject({ cardNumber: 1, phone: 1, email: 2 });
    expect(JSON.stringify(e)).not.toContain(c.id);
    // The kept log is not touched by masking.
    expect((await t.repos.messages.list(c.id))[0]?.text).toBe(question);
    expect((await t.repos.audit.list({ action: "analytics.export" }))[0]?.details).toMatchObject({
      unansweredQuestions: 1,
    });
  });

  it("leaves out the logs of customers who objected to analysis, by customer id or by phone", async () => {
    const p = t.db.prisma;
    const kari = await p.customer.create({ data: { organisationId: org } });
    const other = await p.customer.create({ data: { organisationId: org } });
    const at = new Date(NOW.getTime() - DAY);
    const fallbackQuestion = async (customerId: string | null, text: string) =>
      seedConversation(t.repos, org, at, { customerId, fallback: true, texts: [text, "Beklager"] });
    await fallbackQuestion(kari.id, "kari spør");
    await fallbackQuestion(other.id, "annen spør");
    const anon = await fallbackQuestion(null, "anonym spør");
    await p.offlineMessage.create({
      data: { organisationId: org, conversationId: anon.id, phone: "41234567", text: "ring" },
    });
    const before = await s().analytics.export(
      { organisationSlug: null, from: new Date(NOW.getTime() - 7 * DAY), to: NOW },
      actor,
      null,
    );
    expect(before.unansweredQuestions.map((q) => q.question).sort()).toEqual([
      "annen spør",
      "anonym spør",
      "kari spør",
    ]);
    await s().subjects.object({ customerId: kari.id }, actor, null);
    await s().subjects.object({ phone: "+47 41 23 45 67" }, actor, null);
    const after = await s().analytics.export(
      { organisationSlug: null, from: new Date(NOW.getTime() - 7 * DAY), to: NOW },
      actor,
      null,
    );
    expect(after.unansweredQuestions.map((q) => q.question)).toEqual(["annen spør"]);
    expect(after.excludedConversations).toBe(2);
    expect((await p.customer.findUnique({ where: { id: kari.id } }))?.analyticsOptOut).toBe(true);
    expect(await t.repos.audit.list({ action: "subject.objection" })).toHaveLength(2);
    // The logs themselves stay.
    expect(await p.conversation.count()).toBe(3);
  });
});
