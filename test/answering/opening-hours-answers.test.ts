import path from "node:path";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { createAnswerEngine } from "../../src/core/answering/index.js";
import { readTimeQuery } from "../../src/core/answering/time-expressions.js";
import { FixedClock } from "../../src/core/clock.js";
import { loadKnowledgeBase } from "../../src/core/knowledge/index.js";

const kb = loadKnowledgeBase(path.resolve("knowledge"));
const clock = new FixedClock(new Date(0));
const engine = createAnswerEngine(kb, { clock });

/** An instant given as Oslo wall-clock time. */
const oslo = (local: string) => DateTime.fromISO(local, { zone: "Europe/Oslo" }).toJSDate();

function ask(at: string, text: string, org: string) {
  clock.set(oslo(at));
  return engine.ask({ text, org });
}

describe("live opening hours", () => {
  it("says whether the service is open now, and until when", () => {
    // Monday 23 November 2026.
    const open = ask("2026-11-23T10:00", "er dere åpne nå?", "ror-ikt");
    expect(open).toMatchObject({ action: "answer", reason: "opening-hours", contacts: ["ror-ikt.kundeservice"] });
    expect(open.text).toMatch(/^Ja, ROR-IKT Kundeservice har åpent nå, i dag til kl\. 15:30\./);
    expect(open.text).toContain("mellom kl. 0800 og 1530 alle arbeidsdager");
    expect(open.sources).toEqual([expect.stringMatching(/^ror-ikt\.hours\./)]);
  });

  it("after closing time gives the next opening: tomorrow morning", () => {
    const d = ask("2026-11-23T16:00", "er dere åpne nå?", "ror-ikt");
    expect(d.text).toMatch(/^Nei, ROR-IKT Kundeservice har stengt nå\. Neste åpning er i morgen kl\. 08:00\./);
  });

  it("on a Saturday opens again on Monday (the issue's example)", () => {
    const d = ask("2026-12-05T11:00", "er dere åpne?", "move");
    expect(d.text).toMatch(/^Nei, Service Desk har stengt nå\. Neste åpning er mandag 7\. desember kl\. 08:00\./);
    // What to do outside the hours, from the same contact point.
    expect(d.text).toContain("vakttelefonen 926 01 444");
  });

  it("answers 'when do you open again?' without a leading no", () => {
    const d = ask("2026-12-05T11:00", "når åpner dere igjen?", "ror-ikt");
    expect(d.text).toMatch(/^ROR-IKT Kundeservice har stengt nå\. Neste åpning er mandag 7\. desember kl\. 08:00\./);
  });

  it("knows 17 May is a public holiday, and says what is open instead", () => {
    const d = ask("2026-12-04T12:00", "har dnb vip åpent 17. mai?", "oslo-kommune");
    expect(d).toMatchObject({ action: "answer", reason: "opening-hours", contacts: ["oslo-kommune.dnb-vip"] });
    expect(d.text).toMatch(
      /^Nei, mandag 17\. mai er grunnlovsdagen, en helligdag, og da har DNB Kundeservice VIP stengt\./,
    );
    expect(d.text).toContain("Neste åpning er tirsdag 18. mai kl. 08:00.");
    expect(d.text).toContain("24/7");
  });

  it("knows Easter: Good Friday and Easter Monday are holidays, Easter Saturday just a Saturday", () => {
    expect(ask("2026-03-20T12:00", "har dere åpent langfredag?", "ror-ikt").text).toMatch(
      /^Nei, fredag 3\. april er langfredag, en helligdag/,
    );
    expect(ask("2026-03-20T12:00", "open on Easter Monday?", "move").text).toMatch(
      /^Monday 6 April is a public holiday \(Easter Monday\), and the Service Desk is closed then\./,
    );
    const easter = ask("2026-03-20T12:00", "har dere åpent i påsken?", "ror-ikt").text;
    expect(easter).toContain("- torsdag 2. april: stengt (skjærtorsdag)");
    expect(easter).toContain("- lørdag 4. april: stengt");
    expect(easter).toContain("- mandag 6. april: stengt (andre påskedag)");
  });

  it("treats Christmas Eve as the working day the handoff's calendar says it is", () => {
    const d = ask("2026-12-01T12:00", "har dere åpent 24/12?", "ror-ikt");
    expect(d.text).toMatch(/^Ja, torsdag 24\. desember har ROR-IKT Kundeservice åpent 08:00-15:30\./);
  });

  it("answers a clock time on a weekday, in English too", () => {
    expect(ask("2026-11-23T10:00", "Can I call at 3:45 pm on a Friday?", "ror-ikt").text).toMatch(
      /^No, ROR-IKT Customer Service is closed on Fridays at 15:45 – the hours are 08:00-15:30\./,
    );
    expect(ask("2026-11-23T10:00", "Can I call at 8:30 on a Tuesday?", "move").text).toMatch(
      /^Yes, the Service Desk is open on Tuesdays at 08:30/,
    );
    expect(ask("2026-11-23T10:00", "kan jeg ringe ni om kvelden på en tirsdag?", "ror-ikt").text).toMatch(
      /^Nei, på tirsdager kl\. 21:00 har ROR-IKT Kundeservice stengt/,
    );
  });

  it("answers 'after 18?' against the closing time", () => {
    const d = ask("2026-11-24T12:00", "har dere åpent etter kl 18 i dag?", "oslo-kommune");
    expect(d.text).toMatch(
      /^Nei, i dag etter kl\. 18:00 har DNB Kundeservice VIP stengt – åpningstiden da er 08:00-18:00\./,
    );
    expect(d.text).toContain("24/7");
  });

  it("answers a time without a day from the weekly hours (nynorsk)", () => {
    const d = ask("2026-11-23T10:00", "er det nokon som svarar på telefonen kl 07:30?", "ror-ikt");
    expect(d.text).toMatch(/^Nei, kl\. 07:30 har ROR-IKT Kundeservice stengt\./);
    expect(d.text).toContain("0800 og 1530");
  });

  it("says a round-the-clock service is open at night", () => {
    const d = ask("2026-11-22T03:00", "er det noen som svarer på facebook om natta?", "dnb");
    expect(d.text).toMatch(/^Ja, kl\. 02:00 har Kundeteamet i sosiale medier åpent\./);
    expect(d.text).toContain("døgnåpen");
  });

  it("keeps local opening times across the switch to and from summer time", () => {
    // Saturday before the spring change (29 March 2026) and Friday before the autumn change (25 October).
    const spring = ask("2026-03-28T12:00", "når åpner dere igjen?", "ror-ikt");
    expect(spring.text).toContain("Neste åpning er mandag 30. mars kl. 08:00.");
    const autumn = ask("2026-10-23T17:00", "når åpner dere igjen?", "move");
    expect(autumn.text).toContain("Neste åpning er mandag 26. oktober kl. 08:00.");
    // On the day itself, 23:30 is still Sunday locally.
    expect(ask("2026-03-29T23:30", "er dere åpne nå?", "ror-ikt").text).toContain(
      "Neste åpning er i morgen kl. 08:00.",
    );
  });

  it("answers in English with English holiday names", () => {
    const d = ask("2026-12-04T12:00", "is the VIP line open on May 17?", "oslo-kommune");
    expect(d.lang).toBe("en");
    expect(d.text).toMatch(/^No, Monday 17 May is a public holiday \(Constitution Day, Whit Monday\)/);
    expect(d.text).toContain("The next opening is on Tuesday 18 May at 08:00.");
  });

  it("leaves questions without a time to the knowledge base's hours entries", () => {
    const d = ask("2026-11-23T10:00", "hva er åpningstidene deres?", "ror-ikt");
    expect(d).toMatchObject({ action: "answer", reason: "matched", sources: ["ror-ikt.hours.opening"] });
  });
});

describe("readTimeQuery", () => {
  const now = DateTime.fromISO("2026-12-04T17:00", { zone: "Europe/Oslo" });
  const read = (text: string) => readTimeQuery(text, now);

  it("reads days, dates, holidays, weekdays and clock times", () => {
    expect(read("i morgen")?.days?.map((d) => d.toISODate())).toEqual(["2026-12-05"]);
    expect(read("17 mai")?.days?.map((d) => d.toISODate())).toEqual(["2027-05-17"]);
    expect(read("syttende mai")?.days?.map((d) => d.toISODate())).toEqual(["2027-05-17"]);
    expect(read("julaften")?.days?.map((d) => d.toISODate())).toEqual(["2026-12-24"]);
    expect(read("pa lordag")?.days?.map((d) => d.toISODate())).toEqual(["2026-12-05"]);
    expect(read("pa lordager")?.weekdays).toEqual([6]);
    expect(read("on a tuesday at 9 pm")).toMatchObject({ weekdays: [2], minute: 21 * 60, relation: "at" });
    expect(read("etter kl 18")).toMatchObject({ minute: 18 * 60, relation: "after" });
    expect(read("halv ni")).toMatchObject({ minute: 8 * 60 + 30 });
    expect(read("er dere apne na")).toMatchObject({ now: true });
    expect(read("nar apner dere igjen")).toMatchObject({ again: true });
  });

  it("does not read phone numbers, counts or durations as times", () => {
    expect(read("ring meg pa 912 34 567")).toBeUndefined();
    expect(read("svar innen 2 arbeidstimer")).toBeUndefined();
    expect(read("hvordan na dere")).toBeUndefined();
  });
});
