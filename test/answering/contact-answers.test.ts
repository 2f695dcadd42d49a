import path from "node:path";
import { describe, expect, it } from "vitest";
import { createAnswerEngine, type Decision } from "../../src/core/answering/index.js";
import { FixedClock } from "../../src/core/clock.js";
import { extractFacts, factsOfContact } from "../../src/core/knowledge/facts.js";
import { loadKnowledgeBase } from "../../src/core/knowledge/index.js";

const kb = loadKnowledgeBase(path.resolve("knowledge"));
/** Monday 23 November 2026, 10:00 in Oslo. */
const engine = createAnswerEngine(kb, { clock: new FixedClock(new Date("2026-11-23T09:00:00Z")) });

/** Every phone, e-mail and URL of a reply belongs to the contact points the decision says it is about. */
function factsComeFromItsContacts(d: Decision): void {
  const own = new Set<string>();
  for (const id of d.contacts ?? []) {
    const c = kb.contactsById.get(id);
    if (c) for (const f of factsOfContact(c)) own.add(f);
  }
  const reach = [...extractFacts(d.text)].filter((f) => /^(?:phone|email|url):/.test(f));
  expect(reach.filter((f) => !own.has(f))).toEqual([]);
}

describe("answers composed from contact points", () => {
  it("answers a combined question (number and e-mail) in one reply", () => {
    const d = engine.ask({ text: "nummer og epost til kundeservice?", org: "ror-ikt" });
    expect(d).toMatchObject({ action: "answer", reason: "contact-details", contacts: ["ror-ikt.kundeservice"] });
    expect(d.text).toContain("71 11 11 66");
    expect(d.text).toContain("kundeservice@ror-ikt.no");
    expect(d.sources).toEqual([expect.stringMatching(/^ror-ikt\.contact\./)]);
    factsComeFromItsContacts(d);
  });

  it("answers who, and what is the e-mail, for a person named by role", () => {
    const d = engine.ask({ text: "who leads the DNB customer team and what's her email?", org: "oslo-kommune" });
    expect(d.action).toBe("answer");
    expect(d.text).toContain("Kristin Berg");
    expect(d.text).toContain("kristin.berg@dnb.no");
    expect(d.text).not.toMatch(/torgeir|gry|sølvi|22 48 32 00/i);
    expect(d.contacts).toEqual(["oslo-kommune.kristin-berg"]);
  });

  it("lists everyone with a role, and nobody without it", () => {
    const d = engine.ask({ text: "hvem er cash management rådgivere i kundeteamet?", org: "oslo-kommune" });
    expect(d.reason).toBe("contact-details");
    for (const name of ["Kristin Berg", "Sølvi A. Vian", "Gry Syversen"]) expect(d.text).toContain(name);
    expect(d.text).not.toContain("Torgeir Haugland");
    factsComeFromItsContacts(d);
  });

  it("gives the company's switchboard, not the service desk's number", () => {
    const d = engine.ask({ text: "hva er hovednummeret til Move AS?", org: "move" });
    expect(d.text).toContain("+47 66 77 99 00");
    expect(d.text).not.toContain("926 01 444");
  });

  it("gives the urgent line when everything is down", () => {
    const d = engine.ask({ text: "alt er nede, hva er raskeste måte å nå dere på?", org: "move" });
    expect(d).toMatchObject({ action: "answer", reason: "contact-details", contacts: ["move.service-desk"] });
    expect(d.text).toMatch(/^Haster det, ring Service Desk på 926 01 444\./);
  });

  it("answers who takes questions at a unit and its e-mail in one reply", () => {
    const d = engine.ask({ text: "hvem i FIN tar imot spørsmål, og hva er e-posten?", org: "oslo-kommune" });
    expect(d).toMatchObject({ action: "answer", reason: "contact-details" });
    expect(d.text).toContain("Tove Kalleberg");
    expect(d.text).toContain("tove.kalleberg@byr.oslo.kommune.no");
    expect(d.text).not.toContain("@dnb.no");
  });

  it("answers who in a unit with the unit's person, not its mailbox", () => {
    for (const text of [
      "Hvem i FIN kan jeg spørre om betalingsavtaler?",
      "who at FIN can I ask about payment agreements?",
    ]) {
      const d = engine.ask({ text, org: "oslo-kommune" });
      expect(d.action).toBe("answer");
      expect(d.text).toContain("tove.kalleberg@byr.oslo.kommune.no");
      expect(d.text).not.toContain("postmottak@byr.oslo.kommune.no");
    }
  });

  it("does not take an alias inside an e-mail address for a name", () => {
    // FIN's alias "postmottak" is only its mailbox's local part; the entry naming it does not say who.
    const d = engine.ask({ text: "hvem i FIN tar betalingsavtaler?", org: "oslo-kommune" });
    expect(d.text).toContain("Tove Kalleberg");
  });

  it("answers who in a team with the people whose role fits, not the whole team", () => {
    const d = engine.ask({ text: "hvem i kundeteamet kan hjelpe med cash management?", org: "oslo-kommune" });
    expect(d.reason).toBe("contact-details");
    expect(d.text).toContain("Kristin Berg");
    expect(d.text).not.toContain("Torgeir Haugland");
    factsComeFromItsContacts(d);
  });

  it("adds the asked e-mail of the contact point the answering entry is about, not the main desk's", () => {
    for (const text of [
      "hvem melder vi brukertilganger til, og hva er eposten?",
      "Who do I contact about user access to the online bank, and what's the email?",
    ]) {
      const d = engine.ask({ text, org: "oslo-kommune" });
      expect(d, text).toMatchObject({ action: "answer", sources: ["oslo-kommune.uke.user-access"] });
      expect(d.text, text).toContain("Kompass");
      expect(d.text, text).toContain("nettbankadministrasjonen@uke.oslo.kommune.no");
      expect(d.text, text).not.toContain("Kundeservice.ok@dnb.no");
    }
  });

  it("gives the urgent line when the customer first tells what is down", () => {
    for (const text of [
      "serveren er nede og alt står stille, hvordan når jeg dere raskest?",
      "the whole network is down, what's the fastest way to reach you?",
    ]) {
      const d = engine.ask({ text, org: "move" });
      expect(d, text).toMatchObject({ action: "answer", reason: "contact-details" });
      expect(d.text, text).toContain("926 01 444");
    }
  });

  it("checks a number the customer gives against the records", () => {
    const wrong = engine.ask({ text: "er 66 77 99 00 vakttelefonen?", org: "move" });
    expect(wrong.text).toMatch(/^Nei, \+47 66 77 99 00 er telefonnummeret til Move AS\./);
    expect(wrong.text).toContain("vakttelefonen 926 01 444");
    const right = engine.ask({ text: "er 926 01 444 vakttelefonen?", org: "move" });
    expect(right.text).toMatch(/^Ja, 926 01 444 er vakttelefonen til Service Desk\./);
  });

  it("checks the start of an e-mail address too", () => {
    const d = engine.ask({ text: "er fasit@hel adressen for barnevern?", org: "oslo-kommune" });
    expect(d.text).toMatch(/^Nei, fasit@hel\.oslo\.kommune\.no er e-postadressen til HEL – Sosial\./);
    expect(d.text).toContain("familiahjelp@hel.oslo.kommune.no");
  });

  it("keeps an entry that states exactly the asked facts of the asked contact point", () => {
    const d = engine.ask({ text: "telefonnummer kundeservice vip", org: "oslo-kommune" });
    expect(d).toMatchObject({
      reason: "matched",
      sources: ["oslo-kommune.dnb.vip-phone"],
      contacts: ["oslo-kommune.dnb-vip"],
    });
  });

  it("prefers an entry about just the named contact point over one about all of them", () => {
    const d = engine.ask({ text: "hvilket team i UKE tar seg av nettbanktilganger?", org: "oslo-kommune" });
    expect(d.text).toContain("Team register- og tilgangsadministrasjon");
    const hel = engine.ask({ text: "hvor varsler jeg feil som gjelder barnevern?", org: "oslo-kommune" });
    expect(hel.text).toContain("familiahjelp@hel.oslo.kommune.no");
    expect(hel.text).not.toContain("fasit@hel.oslo.kommune.no");
  });

  it("answers for the city's own contact point at the bank although the question names DNB", () => {
    const d = engine.ask({ text: "hva er e-posten til DNB Kundeservice VIP?", org: "oslo-kommune" });
    expect(d.action).toBe("answer");
    expect(d.text).toContain("Kundeservice.ok@dnb.no");
  });

  it("never gives another organisation's contact facts", () => {
    const d = engine.ask({ text: "hva er telefonnummeret til ror-ikt?", org: "dnb" });
    expect(d).toMatchObject({ action: "fallback", reason: "other-organisation" });
    const composed = engine.ask({ text: "fin epost oslo kommune", org: "dnb" });
    expect(composed.action).toBe("fallback");
  });

  it("says when a record lacks what is asked instead of guessing", () => {
    const d = engine.ask({ text: "hva er postadressen til UKE?", org: "oslo-kommune" });
    expect(d.reason).toBe("contact-details");
    expect(d.text).toContain("nettbankadministrasjonen@uke.oslo.kommune.no");
  });

  it("understands a follow-up only with the last answer's contact points as context", () => {
    const first = engine.ask({ text: "hvem er kundeansvarlig i DNB?", org: "oslo-kommune" });
    expect(first.contacts).toEqual(["oslo-kommune.torgeir-haugland"]);
    const followUp = engine.ask({ text: "og e-posten?", org: "oslo-kommune", context: { contacts: first.contacts } });
    expect(followUp.text).toContain("torgeir.haugland@dnb.no");
    factsComeFromItsContacts(followUp);
    const english = engine.ask({
      text: "what about the phone?",
      org: "oslo-kommune",
      context: { contacts: first.contacts },
    });
    expect(english.text).toContain("97 06 77 49");
    expect(english.lang).toBe("en");
  });

  it("gives only the asked contact point's facts across many phrasings", () => {
    const questions: [string, string][] = [
      ["epost til drift konto", "oslo-kommune"],
      ["postadressen til drift konto", "oslo-kommune"],
      ["gry syversen kontaktinfo", "oslo-kommune"],
      ["kristin berg nummer", "oslo-kommune"],
      ["hvem i FIN kan jeg spørre?", "oslo-kommune"],
      ["e-post til HEL", "oslo-kommune"],
      ["whats the phone number and email for the service desk", "move"],
      ["hvor ligger kontoret til Move?", "move"],
      ["vakttelefon?", "move"],
    ];
    for (const [text, org] of questions) {
      const d = engine.ask({ text, org });
      expect(d.action, text).toBe("answer");
      expect(d.contacts?.length, text).toBeGreaterThan(0);
      factsComeFromItsContacts(d);
    }
  });
});
