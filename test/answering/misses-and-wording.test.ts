import path from "node:path";
import { describe, expect, it } from "vitest";
import { contentWords } from "../../src/core/answering/analyzer.js";
import { createAnswerEngine } from "../../src/core/answering/index.js";
import { fitAnswerToQuestion, isYesNoQuestion, thanksKind } from "../../src/core/answering/wording.js";
import { loadKnowledgeBase } from "../../src/core/knowledge/index.js";

const kb = loadKnowledgeBase(path.resolve("knowledge"));
const engine = createAnswerEngine(kb);

describe("neighbouring entries", () => {
  it.each([
    ["hvem deltar på de halvårlige møtene?", "oslo-kommune.meetings.half-yearly"],
    ["semi-annual meetings with the bank", "oslo-kommune.meetings.half-yearly"],
    ["who takes part in the twice-yearly meetings?", "oslo-kommune.meetings.half-yearly"],
    ["hvem møter fire ganger i året?", "oslo-kommune.meetings.quarterly"],
    ["hvem deltar på kvartalsmøtene?", "oslo-kommune.meetings.quarterly"],
  ])("answers %j with its own entry, not the neighbour's", (text, id) => {
    expect(engine.ask({ text, org: "oslo-kommune" })).toMatchObject({ action: "answer", sources: [id] });
  });

  it("does not answer a frequency the knowledge base has no meeting for with another one", () => {
    for (const text of ["hvem deltar på årsmøtet?", "hvem deltar på de månedlige møtene?"]) {
      const d = engine.ask({ text, org: "oslo-kommune" });
      expect(d.sources, text).not.toContain("oslo-kommune.meetings.quarterly");
      expect(d.sources, text).not.toContain("oslo-kommune.meetings.half-yearly");
    }
  });
});

describe("better misses", () => {
  it("offers the best candidates as choices when it is plausible but unsure", () => {
    // Without this phrasing of its entry, the question is close to several DNB entries.
    const text = "can the chatbot hand me over to an adviser";
    const entries = kb.entries.map((e) =>
      e.id === "dnb.chatbot.human-adviser"
        ? { ...e, questions: { ...e.questions, en: e.questions.en.filter((q) => q !== text) } }
        : e,
    );
    expect(entries.find((e) => e.id === "dnb.chatbot.human-adviser")?.questions.en).not.toContain(text);
    const unsure = createAnswerEngine({ ...kb, entries, entriesById: new Map(entries.map((e) => [e.id, e])) });
    const d = unsure.ask({ text, org: "dnb" });
    expect(d).toMatchObject({ action: "clarify", reason: "ambiguous-entry" });
    expect(d.sources).toContain("dnb.chatbot.human-adviser");
    expect(d.choices.length).toBeGreaterThanOrEqual(2);
    expect(d.choices.length).toBeLessThanOrEqual(3);
  });

  it("offers choices for a bare vague word, but answers a question that uses it", () => {
    for (const [text, org] of [
      ["hjelp", "dnb"],
      ["problem!", "ror-ikt"],
    ] as const) {
      const d = engine.ask({ text, org });
      expect(d, text).toMatchObject({ action: "clarify", reason: "ambiguous-entry" });
      expect(d.choices.length, text).toBeGreaterThanOrEqual(2);
    }
    expect(engine.ask({ text: "what do you help with", org: "move" }).sources).toEqual(["move.service.what"]);
  });

  it("offers choices when a close runner-up covers the question though the best by score does not", () => {
    const d = engine.ask({ text: "hvor lang tid tar det å løse en sak med høy prioritet?", org: "ror-ikt" });
    expect(d).toMatchObject({ action: "clarify", reason: "ambiguous-entry" });
    expect(d.sources).toContain("ror-ikt.faults.resolution-time");
    expect(d.choices.length).toBeGreaterThanOrEqual(2);
  });

  it("answers an unsure-looking question once its rare topic word counts ('kompass' routes to the city)", () => {
    const d = engine.ask({ text: "hva er kompass, brukerstøtteverktøyet?", org: "oslo-kommune" });
    expect(d).toMatchObject({ action: "answer", sources: ["oslo-kommune.uke.user-access"] });
  });

  it("keeps the plain fallback for questions about things the sources never mention", () => {
    for (const text of ["hva heter hunden din", "hvordan endrer jeg adressen min i folkeregisteret"]) {
      expect(engine.ask({ text }).action, text).toBe("fallback");
    }
  });
});

describe("reply wording", () => {
  it("tells yes/no questions from open ones, in bokmål, nynorsk and English", () => {
    for (const q of [
      "Kan jeg chatte med DNB?",
      "er dere åpne?",
      "hei, har dere åpent nå?",
      "Do you answer on Twitter?",
      "veit aino kven eg er?",
    ]) {
      expect(isYesNoQuestion(q), q).toBe(true);
    }
    for (const q of [
      "Hvordan kan jeg chatte med DNB?",
      "når åpner dere?",
      "kva heiter chatboten?",
      "What is the number?",
      "telefonnummer kundeservice",
    ]) {
      expect(isYesNoQuestion(q), q).toBe(false);
    }
  });

  it("drops a leading 'Ja,'/'Yes,' only when the question is not a yes/no question", () => {
    expect(fitAnswerToQuestion("Ja, du kan ringe oss.", "hvordan kontakter jeg dere?")).toBe("Du kan ringe oss.");
    expect(fitAnswerToQuestion("Yes, by e-mail.", "how can I reach you?")).toBe("By e-mail.");
    expect(fitAnswerToQuestion("Ja, du kan ringe oss.", "kan jeg ringe dere?")).toBe("Ja, du kan ringe oss.");
    expect(fitAnswerToQuestion("Nei, det gjelder ikke elever.", "hvem kan kontakte dere?")).toBe(
      "Nei, det gjelder ikke elever.",
    );
  });

  it("removes it from engine answers to open questions", () => {
    const open = engine.ask({ text: "hvordan kan jeg kontakte dnb på facebook?", org: "dnb" });
    expect(open.sources).toEqual(["dnb.social.channels"]);
    expect(open.text).toMatch(/^Du kan kontakte DNB på Facebook/);
    const yesNo = engine.ask({ text: "kan jeg kontakte dnb på facebook?", org: "dnb" });
    expect(yesNo.text).toMatch(/^Ja, du kan kontakte DNB på Facebook/);
  });

  it("answers thanks and goodbyes as such, and nothing else", () => {
    expect(thanksKind("takk!")).toBe("thanks");
    expect(thanksKind("tusen takk for hjelpen")).toBe("thanks");
    expect(thanksKind("ok thanks")).toBe("thanks");
    expect(thanksKind("ha det")).toBe("bye");
    expect(thanksKind("takk, hva er nummeret?")).toBeUndefined();
    expect(thanksKind("menneske takk")).toBeUndefined();
    const d = engine.ask({ text: "takk!", org: "ror-ikt" });
    expect(d).toMatchObject({
      action: "fallback",
      reason: "thanks",
      text: "Bare hyggelig! Er det noe mer jeg kan hjelpe deg med?",
    });
    expect(engine.ask({ text: "thank you!", org: "ror-ikt" }).text).toBe(
      "You're welcome! Is there anything else I can help you with?",
    );
  });
});

describe("nynorsk", () => {
  it("reads nynorsk words as their bokmål forms", () => {
    expect(contentWords("kva tid stengjer kundeservice?")).toEqual(contentWords("når stenger kundeservice?"));
    expect(contentWords("kven leiar kundeteamet")).toEqual(contentWords("hvem leder kundeteamet"));
  });

  it("answers nynorsk questions from the bokmål knowledge base", () => {
    expect(engine.ask({ text: "veit aino kven eg er om eg ikkje er logga inn?", org: "dnb" }).sources).toEqual([
      "dnb.chatbot.not-logged-in",
    ]);
    expect(engine.ask({ text: "kor lenge tek det før de svarar på e-post?", org: "move" }).text).toContain(
      "2 arbeidstimer",
    );
    expect(engine.ask({ text: "kva tid stengjer kundeservice?", org: "ror-ikt" }).text).toContain("0800 og 1530");
  });
});
