import path from "node:path";
import { describe, expect, it } from "vitest";
import { Analyzer, contentWords } from "../../src/core/answering/analyzer.js";
import { asksForPerson, createAnswerEngine, foldText } from "../../src/core/answering/index.js";
import { isDictionaryWord, isGeneralWord } from "../../src/core/answering/lexicon.js";
import { stemsOf } from "../../src/core/answering/stem.js";
import { conceptsOf } from "../../src/core/answering/synonyms.js";
import { loadKnowledgeBase } from "../../src/core/knowledge/index.js";

const kb = loadKnowledgeBase(path.resolve("knowledge"));
const engine = createAnswerEngine(kb);

describe("morphology and vocabulary", () => {
  it("makes definite and indefinite forms meet", () => {
    const same = (a: string, b: string) => expect(stemsOf(a)[0]).toBe(stemsOf(b)[0]);
    same("telefonnummeret", "telefonnummer");
    same("leksa", "leksene");
    same("kontoret", "kontor");
  });

  it("maps colloquial fault, hours, waiting and login words to concepts", () => {
    expect(contentWords("skriveren har slutta å virke")).toContain("odelagt");
    expect(conceptsOf("odelagt")).toContain("#fault");
    expect(contentWords("pc-en funker ikke")).toContain("odelagt");
    for (const w of ["apner", "stenge", "tider"]) expect(conceptsOf(w)).toContain("#hours");
    for (const w of ["ko", "ventetid", "queue"]) expect(conceptsOf(foldText(w))).toContain("#wait");
    expect(contentWords("I can't sign in")).toContain("login");
    expect(contentWords("når er jeg ikke logget inn")).toContain("notloggedin");
  });

  it("reads regular nynorsk endings and spellings as the bokmål words the knowledge base uses", () => {
    const analyzer = new Analyzer(["tjenester dekker", "behandlingsansvarlig", "opplysningene", "løst innen"]);
    analyzer.setIndexedTerms(new Set());
    const readAs = (text: string) => analyzer.queryGroups(text).map((g) => g.readAs);
    expect(readAs("kva for tenester dekkjer")).toEqual(["tjenester", "dekker"]);
    expect(readAs("behandlingsansvarleg opplysningane")).toEqual(["behandlingsansvarlig", "opplysningene"]);
    expect(readAs("løyst innan")).toEqual(["lost", "innen"]);
    // A guess is only taken when it is a known word.
    expect(readAs("sykkelane")).toEqual(["sykkelane"]);
  });

  it("reads English street, mistake and half-year words as the concepts the sources use", () => {
    expect(conceptsOf("street")).toContain("#address");
    expect(conceptsOf("mistakes")).toContain("#fault");
    expect(contentWords("the half-year meetings")).toContain("halfyear");
    expect(contentWords("hva gjør service desken")).toContain("servicedesk");
    for (const w of ["svarfristen", "deadline"]) expect(conceptsOf(w)).toContain("#responsetime");
    for (const w of ["omfatter", "dekker", "include"]) expect(conceptsOf(w)).toContain("#scope");
  });

  it("weighs adverbs and chat words of English questions as context, not as unknown topics", () => {
    for (const w of ["normally", "roughly", "exactly", "vanligvis", "heldigvis", "bother", "handy"]) {
      expect(isGeneralWord(w), w).toBe(true);
    }
    for (const w of ["family", "supply"]) expect(isGeneralWord(w), w).toBe(false);
    const d = engine.ask({
      text: "could you please tell me roughly how long you normally keep chat transcripts?",
      org: "dnb",
    });
    expect(d).toMatchObject({ action: "answer", sources: ["dnb.privacy.retention"] });
    expect(contentWords("who is in charge of it")).toContain("responsible");
  });

  it("splits compounds into a known head, even with an unknown modifier", () => {
    const analyzer = new Analyzer(["telefon", "vakt", "lekser og leksehjelp"]);
    expect(analyzer.splitCompound("vakttelefon")).toEqual(["vakt", "telefon"]);
    expect(analyzer.splitCompound("matteleksa")).toEqual(["matte", "leksa"]);
    expect(analyzer.splitCompound("regningen")).toBeNull();
  });

  it("never corrects real words into knowledge-base words", () => {
    for (const w of ["helt", "mest", "sette", "aviser"]) expect(isDictionaryWord(w)).toBe(true);
    expect(isGeneralWord("egentlig")).toBe(true);
    expect(isGeneralWord("telefon")).toBe(false);
    const groups = engine.explain({ text: "hvilke aviser leser dere" }).words;
    expect(groups.find((g) => g.word === "aviser")?.readAs).toBe("aviser");
  });

  it("does not read a story about a past conversation as a request for a person", () => {
    expect(asksForPerson("how long do you keep the chat log if I talked to an adviser")).toBe(false);
    expect(asksForPerson("jeg har snakket med en rådgiver, hvor lenge lagres chatten")).toBe(false);
    expect(asksForPerson("menneskelig hjelp takk")).toBe(true);
  });
});

describe("unseen customer phrasings", () => {
  it.each([
    [
      "printeren har sluttet å fungere, hva gjør jeg",
      "ror-ikt",
      ["ror-ikt.faults.report", "ror-ikt.faults.check-first"],
    ],
    ["må jeg stå lenge i telefonkø", "move", ["move.quality.phone-response"]],
    ["hva vet dere om meg når jeg ikke er logget inn", "dnb", ["dnb.chatbot.not-logged-in"]],
    ["når stenger kundeservice vip", "oslo-kommune", ["oslo-kommune.hours.kundeservice-vip"]],
    [
      "how long do you keep the chat log if I talked to an adviser",
      "dnb",
      ["dnb.chatbot.retention", "dnb.privacy.retention"],
    ],
  ])("answers %j on %s's chat", (text, org, sources) => {
    const d = engine.ask({ text, org });
    expect(d.action).toBe("answer");
    expect(sources).toContain(d.sources[0]);
    expect(d.org).toBe(org);
  });

  it.each([
    ["hvordan lager jeg kaffe", "move"],
    ["hva er klokka", "ror-ikt"],
    ["hvor gammel er du", "dnb"],
    ["mortgage rates?", "dnb"],
    ["hvordan bytter jeg vinterdekk", "ror-ikt"],
  ])("declines out-of-scope %j on %s's chat", (text, org) => {
    expect(engine.ask({ text, org }).action).toBe("fallback");
  });

  it("still asks which organisation when several answer equally and none is named", () => {
    const d = engine.ask({ text: "når har dere åpent?" });
    expect(d.action).toBe("clarify");
    expect(new Set(d.choices.map((c) => c.org)).size).toBeGreaterThanOrEqual(2);
  });

  it("answers only from the widget's organisation", () => {
    for (const org of kb.organisations.keys()) {
      for (const text of ["hva er telefonnummeret?", "hvor lenge lagres chatten", "pcen min funker ikke"]) {
        const d = engine.ask({ text, org });
        for (const id of d.sources) expect(kb.entriesById.get(id)?.organisation).toBe(org);
      }
    }
  });
});
