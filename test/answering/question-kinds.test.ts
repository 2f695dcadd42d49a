import path from "node:path";
import { describe, expect, it } from "vitest";
import { contentWords } from "../../src/core/answering/analyzer.js";
import { createAnswerEngine } from "../../src/core/answering/index.js";
import { detectOutOfScope } from "../../src/core/answering/out-of-scope.js";
import { stemsOf } from "../../src/core/answering/stem.js";
import { conceptsOf } from "../../src/core/answering/synonyms.js";
import { FixedClock } from "../../src/core/clock.js";
import { loadKnowledgeBase } from "../../src/core/knowledge/index.js";

const kb = loadKnowledgeBase(path.resolve("knowledge"));
/** Monday 23 November 2026, 10:00 in Oslo. */
const engine = createAnswerEngine(kb, { clock: new FixedClock(new Date("2026-11-23T09:00:00Z")) });

describe("kinds of questions the held-out dev sets showed", () => {
  it("keeps whether the chatbot uses AI apart from whether the language model is trained", () => {
    expect(conceptsOf("sprakmodellen")).not.toContain("#ai");
    expect(conceptsOf("generativ")).toContain("#ai");
    for (const text of ["bruker dere generativ AI i chatten?", "bruker dnb kunstig intelligens i chatten?"]) {
      expect(engine.ask({ text, org: "dnb" }).sources[0]).toBe("dnb.chatbot.generative-ai");
    }
    expect(engine.ask({ text: "trener dere språkmodellen på det jeg skriver?", org: "dnb" }).sources[0]).toBe(
      "dnb.chatbot.training-review",
    );
  });

  it("reads nynorsk and singular forms of 'sosiale medier' as the one expression", () => {
    for (const text of ["sosiale medium", "sosiale mediet", "sosiale media"]) {
      expect(contentWords(text)).toEqual(["sosialemedier"]);
    }
    const d = engine.ask({ text: "På kva sosiale medium kan eg kontakte DNB?", org: "dnb" });
    expect(d.sources[0]).toBe("dnb.social.channels");
    expect(d.text).toMatch(/Facebook.*Twitter/);
  });

  it("answers with the source's own words for the facts (påbegynnes, umiddelbart)", () => {
    const d = engine.ask({ text: "Får jeg beskjed om når dere begynner på saken min?", org: "move" });
    expect(d.text).toContain("påbegynnes");
    const now = engine.ask({ text: "Løser dere saken med en gang når jeg ringer?", org: "move" });
    expect(now.text).toContain("umiddelbart");
  });

  it("says how many are on duty when asked whether anyone works at night on social media", () => {
    const d = engine.ask({ text: "Er det folk på jobb på Facebook om natta òg?", org: "dnb" });
    expect(d.action).toBe("answer");
    expect(d.text).toContain("1-2");
  });

  it("takes a contact point's name as the first part of a compound (barnevern|systemet)", () => {
    const d = engine.ask({ text: "feil i barnevernsystemet, hvor sender jeg varsel?", org: "oslo-kommune" });
    expect(d.action).toBe("answer");
    expect(d.text).toContain("familiahjelp@hel.oslo.kommune.no");
    expect(d.text).not.toMatch(/fasit@|sociobrukerstotte@/);
  });

  it("answers the chatbot's legal basis, not customer service's, when the chatbot is named", () => {
    const d = engine.ask({ text: "hva er grunnlaget for at chatboten behandler personopplysninger", org: "dnb" });
    expect(d.sources[0]).toBe("dnb.chatbot.legal-basis");
    expect(d.text).toContain("berettigede interesse");
  });

  it("makes the plural of -er agent nouns meet the singular (teknikerne, brukerne, rådgiverne)", () => {
    for (const [plural, singular] of [
      ["teknikerne", "tekniker"],
      ["brukerne", "bruker"],
      ["radgiverne", "radgiver"],
      ["lederne", "leder"],
    ] as const) {
      expect(stemsOf(plural)).toContain(stemsOf(singular)[0]);
    }
    expect(stemsOf("interne")).not.toContain(stemsOf("inter")[0]);
    const d = engine.ask({ text: "gjelder svartidene hvis jeg sender sms til en av teknikerne deres?", org: "move" });
    expect(d.sources[0]).toBe("move.quality.conditions");
  });

  it("reads 'net bank' and 'everyday use' as nettbank and daglig bruk", () => {
    expect(contentWords("the net bank")).toContain("onlinebank");
    expect(conceptsOf("everyday")).toEqual(conceptsOf("daglig"));
    const d = engine.ask({
      text: "I need help with everyday use of the net bank, what number do I call?",
      org: "oslo-kommune",
    });
    expect(d.action).toBe("answer");
    expect(d.text).toContain("22 48 32 00");
  });

  it("answers whether one can ask the organisation about a product it does not sell", () => {
    const d = engine.ask({
      text: "Kan jeg spørre dere om forsikring og eiendom på Facebook også, eller bare bank?",
      org: "dnb",
    });
    expect(d.action).toBe("answer");
    expect(d.sources[0]).toBe("dnb.social.topics");
    // The product itself is still not covered.
    expect(engine.ask({ text: "hva koster en reiseforsikring?", org: "dnb" }).reason).toBe("product-not-covered");
  });

  it("takes a meal after a time preposition as a time of day, not an off-topic subject", () => {
    expect(detectOutOfScope("it stopped around lunch on a Wednesday")).toBeUndefined();
    expect(detectOutOfScope("nettbanken stoppet etter lunsj")).toBeUndefined();
    expect(detectOutOfScope("what should I make for dinner?")?.kind).toBe("off-topic");
    expect(detectOutOfScope("har du en oppskrift på middag?")?.kind).toBe("off-topic");
  });

  it("reads a long English story with 'acting up' as a fault and answers how to reach the desk", () => {
    expect(contentWords("my computer has been acting up")).toContain("broken");
    expect(contentWords("the bank stopped working")).toContain("broken");
    const d = engine.ask({
      text: "Hi, I work for the municipality and my computer has been acting up since this morning, not sure if it's just me or everyone. What should I do before I send in a ticket, and how do I reach you?",
      org: "ror-ikt",
    });
    expect(d.action).toBe("answer");
    expect(d.text).toContain("71 11 11 66");
  });

  it("asks which organisation for an opening-hours question at a time without one", () => {
    expect(contentWords("er dere på jobb nå")).toContain("pajobb");
    const d = engine.ask({ text: "hvor lenge er dere på jobb i dag" });
    expect(d).toMatchObject({ action: "clarify", reason: "ambiguous-organisation" });
    expect(new Set(d.choices.map((c) => c.org)).size).toBeGreaterThanOrEqual(2);
    // A topic that is one organisation's alone still answers.
    expect(engine.ask({ text: "hva gjør jeg med beredskapsavtale etter kl 16" }).sources[0]).toBe(
      "move.hours.after-hours",
    );
  });

  it("declines company facts the sources do not give instead of answering with a phone number", () => {
    for (const [text, org] of [
      ["hva er organisasjonsnummeret deres", "move"],
      ["what is your organisation number?", "move"],
      ["hvor mange ansatte har dere", "ror-ikt"],
    ] as const) {
      const d = engine.ask({ text, org });
      expect(d.action).toBe("fallback");
      expect(d.text).not.toMatch(/\d{2} \d{2}/);
    }
    // Employees as the audience are still a question the sources answer.
    expect(engine.ask({ text: "kan alle ansatte bruke kundeservice?", org: "ror-ikt" }).action).toBe("answer");
  });
});
