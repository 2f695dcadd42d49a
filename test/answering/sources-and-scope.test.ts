import path from "node:path";
import { describe, expect, it } from "vitest";
import { createAnswerEngine } from "../../src/core/answering/index.js";
import { FixedClock } from "../../src/core/clock.js";
import { extractFacts } from "../../src/core/knowledge/facts.js";
import { loadKnowledgeBase } from "../../src/core/knowledge/index.js";

const kb = loadKnowledgeBase(path.resolve("knowledge"));
/** Monday 23 November 2026, 10:00 in Oslo. */
const engine = createAnswerEngine(kb, { clock: new FixedClock(new Date("2026-11-23T09:00:00Z")) });

function answerOf(id: string | undefined): string {
  const e = id === undefined ? undefined : kb.entriesById.get(id);
  return e ? `${e.answer.nb}\n${e.answer.en}` : "";
}

describe("the entry a composed reply rests on", () => {
  it.each([
    ["nummer og epost til kundeservice?", "ror-ikt"],
    ["whats the phone number and email for the service desk", "move"],
  ])("%s: the cited entry states every phone and e-mail of the reply", (text, org) => {
    const d = engine.ask({ text, org });
    expect(d).toMatchObject({ action: "answer", reason: "contact-details" });
    const replyFacts = [...extractFacts(d.text)];
    expect(replyFacts.length).toBeGreaterThanOrEqual(2);
    const cited = extractFacts(answerOf(d.sources[0]));
    expect(replyFacts.filter((f) => !cited.has(f))).toEqual([]);
  });

  it("a street address counts: the company's address rests on the address entry", () => {
    const d = engine.ask({ text: "hvor ligger dere?", org: "move" });
    expect(d.action).toBe("answer");
    expect(d.text).toContain("Chr. Krohgs gate 16");
    expect(d.sources).toEqual(["move.contact.company-address"]);
  });
});

describe("addresses and the organisation's main contact point", () => {
  it("an address question goes to the one contact point that has an address, not the service desk", () => {
    const d = engine.ask({ text: "what is your postal address?", org: "move" });
    expect(d.action).toBe("answer");
    expect(d.text).toContain("Chr. Krohgs gate 16");
    expect(d.text).not.toMatch(/support@move\.no|hdmadmin/);
    expect(d.contacts).toEqual(["move.company"]);
  });

  it("a question that is one of an entry's own phrasings is answered even when its words are common", () => {
    const d = engine.ask({ text: "hvor ligger move", org: "move" });
    expect(d).toMatchObject({ action: "answer", sources: ["move.contact.company-address"] });
  });

  it("common words alone that are no entry's phrasing are still not enough", () => {
    const d = engine.ask({ text: "hvor gammel er du egentlig", org: "move" });
    expect(d.action).not.toBe("answer");
  });
});

describe("words that route to an organisation but are topics", () => {
  it("'kompass' names the city's support tool: it counts as the topic, not only as the organisation", () => {
    const d = engine.ask({ text: "hva er kompass, brukerstøtteverktøyet?" });
    expect(d).toMatchObject({ action: "answer", org: "oslo-kommune", sources: ["oslo-kommune.uke.user-access"] });
  });

  it("a word that spells the organisation's name still only says where to look", () => {
    const d = engine.ask({ text: "hvordan melder jeg feil hos rorikt" });
    expect(d).toMatchObject({ action: "answer", org: "ror-ikt", sources: ["ror-ikt.faults.report"] });
    expect(d.confidence).toBeGreaterThan(0.8);
  });
});

describe("negation and transfer words", () => {
  it("keeps 'ikke' and 'not' as terms", () => {
    const words = engine.explain({ text: "hva om saken ikke kan løses", org: "move" }).words.map((w) => w.word);
    expect(words).toContain("ikke");
    expect(engine.explain({ text: "what if it is not solved", org: "move" }).words.map((w) => w.word)).toContain("not");
  });

  it("a conversation seen by the adviser after a transfer is the adviser entry, not the retention one", () => {
    const d = engine.ask({ text: "Does the adviser see my conversation with Aino if I get transferred?", org: "dnb" });
    expect(d).toMatchObject({ action: "answer", sources: ["dnb.chatbot.human-adviser"] });
  });
});
