import path from "node:path";
import { describe, expect, it } from "vitest";
import { AskInputError, createAnswerEngine } from "../../src/core/answering/index.js";
import { factsByOrganisation, foreignFacts } from "../../src/core/knowledge/facts.js";
import { loadKnowledgeBase } from "../../src/core/knowledge/index.js";

const kb = loadKnowledgeBase(path.resolve("test/fixtures/knowledge-basic"));
const engine = createAnswerEngine(kb);
const facts = factsByOrganisation(kb);

describe("answer", () => {
  it("answers a paraphrase on the organisation's widget", () => {
    const d = engine.ask({ text: "hvilket nummer kan jeg ringe?", org: "alpha-it" });
    expect(d).toMatchObject({ action: "answer", sources: ["alpha-it.contact.phone"], lang: "nb", org: "alpha-it" });
    expect(d.text).toBe(kb.entriesById.get("alpha-it.contact.phone")?.answer.nb);
    expect(d.confidence).toBeGreaterThan(0.6);
    expect(d.confidence).toBeLessThanOrEqual(1);
  });

  it("tolerates typos and missing æøå", () => {
    expect(engine.ask({ text: "aapningstidr", org: "alpha-it" }).sources).toEqual(["alpha-it.hours.opening"]);
    expect(engine.ask({ text: "telefonumer", org: "alpha-it" }).sources).toEqual(["alpha-it.contact.phone"]);
    expect(engine.ask({ text: "hvor lenge lagrer dere chatlogen", org: "beta-bank" }).sources).toEqual([
      "beta-bank.privacy.retention",
    ]);
  });

  it("replies in English to an English question", () => {
    const d = engine.ask({ text: "what's your email address?", org: "alpha-it" });
    expect(d).toMatchObject({ action: "answer", sources: ["alpha-it.contact.email"], lang: "en" });
    expect(d.text).toBe(kb.entriesById.get("alpha-it.contact.email")?.answer.en);
  });

  it("uses the organisation the question names when no widget organisation is given", () => {
    expect(engine.ask({ text: "telefonnummer til beta bank" })).toMatchObject({
      action: "answer",
      sources: ["beta-bank.contact.phone"],
    });
    expect(engine.ask({ text: "alpha it telefon" }).sources).toEqual(["alpha-it.contact.phone"]);
  });

  it("honours an explicit reply language", () => {
    expect(engine.ask({ text: "telefon", org: "beta-bank", lang: "en" })).toMatchObject({
      lang: "en",
      text: "Call Beta Bank on 22 33 44 55.",
    });
  });
});

describe("clarify", () => {
  it("asks which organisation when several answer the question about equally", () => {
    const d = engine.ask({ text: "Når har dere åpent?" });
    expect(d.action).toBe("clarify");
    expect(d.choices.map((c) => c.org).sort()).toEqual(["alpha-it", "beta-bank"]);
    expect(d.text).toContain("Beta Bank");
    expect(d.sources).toEqual(d.choices.map((c) => c.entryId));
  });

  it("resolves a choice's value back to that entry's answer", () => {
    const d = engine.ask({ text: "hva er telefonnummeret?" });
    expect(d.action).toBe("clarify");
    const choice = d.choices.find((c) => c.org === "beta-bank");
    expect(choice).toBeDefined();
    const picked = engine.ask({ text: choice?.value ?? "" });
    expect(picked).toMatchObject({ action: "answer", sources: ["beta-bank.contact.phone"], confidence: 1 });
  });
});

describe("handoff", () => {
  it.each(["menneske!!", "agent please", "kundebehandler takk"])("hands %j over to a person", (text) => {
    expect(engine.ask({ text, org: "alpha-it" })).toMatchObject({ action: "handoff", org: "alpha-it", sources: [] });
  });

  it("answers a handoff in the customer's language", () => {
    expect(engine.ask({ text: "I want to talk to a human" }).lang).toBe("en");
  });
});

describe("fallback", () => {
  it.each([
    ["hva er 2+2", "off-topic"],
    ["kan du hjelpe meg med leksene?", "off-topic"],
    ["har du noen middagstips?", "off-topic"],
    ["hvordan blir været i morgen?", "off-topic"],
    ["hva er renten på boliglån?", "product-not-covered"],
    ["asdf qwerty zxcv", "low-confidence"],
  ])("declines %j without facts from the knowledge base", (text, reason) => {
    const d = engine.ask({ text, org: "beta-bank" });
    expect(d).toMatchObject({ action: "fallback", reason, sources: [] });
    for (const org of kb.organisations.keys()) {
      for (const fact of facts.get(org) ?? []) expect(d.text.toLowerCase()).not.toContain(fact.split(":")[1]);
    }
  });

  it("offers a person when the question is in scope but not covered", () => {
    const d = engine.ask({ text: "hva er renten på boliglån?", org: "beta-bank" });
    expect(d.choices).toHaveLength(1);
    expect(engine.ask({ text: d.choices[0]?.value ?? "" }).action).toBe("handoff");
  });

  it("never answers from another organisation than the widget's", () => {
    const d = engine.ask({ text: "hva er telefonnummeret til beta bank?", org: "alpha-it" });
    expect(d).toMatchObject({ action: "fallback", reason: "other-organisation", org: "alpha-it" });
    expect(foreignFacts(d.text, "alpha-it", facts)).toEqual([]);
  });

  it("does not resolve another organisation's entry id on a widget", () => {
    const d = engine.ask({ text: "beta-bank.contact.phone", org: "alpha-it" });
    expect(d.sources).not.toContain("beta-bank.contact.phone");
  });
});

describe("input validation", () => {
  it("rejects an empty question and an unknown organisation", () => {
    expect(() => engine.ask({ text: "   " })).toThrow(AskInputError);
    expect(() => engine.ask({ text: "hei", org: "nope" })).toThrow(/unknown organisation "nope"/);
  });
});
