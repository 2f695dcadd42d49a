import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { extractTimeRanges, factsOfContact } from "../../src/core/knowledge/facts.js";
import { KnowledgeLoadError, loadKnowledgeBase } from "../../src/core/knowledge/index.js";

const FIXTURE = path.resolve("test/fixtures/knowledge-basic");
const temps: string[] = [];

function copyWith(edit: (dir: string) => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), "skranke-contacts-"));
  temps.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  edit(dir);
  return dir;
}

// biome-ignore lint/suspicious/noExplicitAny: the tests reach into fixture JSON to change it
function editJson(file: string, change: (value: any) => void): void {
  const value = JSON.parse(readFileSync(file, "utf8"));
  change(value);
  writeFileSync(file, JSON.stringify(value, null, 2));
}

function problemsOf(dir: string): string {
  try {
    loadKnowledgeBase(dir);
  } catch (err) {
    if (err instanceof KnowledgeLoadError) return err.message;
    throw err;
  }
  throw new Error("expected loading to fail");
}

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("contact points", () => {
  it("loads contact points and ties each entry to the contact points whose facts it gives", () => {
    const kb = loadKnowledgeBase(FIXTURE);
    expect(kb.contacts.map((c) => c.id)).toEqual(["alpha-it.kundeservice", "beta-bank.kundesenter"]);
    const desk = kb.contactsById.get("alpha-it.kundeservice");
    expect(desk?.phones[0]?.number).toBe("71 11 22 33");
    // Hours "organisation" are the organisation's own (the ones the handoff uses).
    expect(desk?.hours?.fromOrganisation).toBe(true);
    expect(desk?.hours?.weekly.fri).toEqual(kb.organisations.get("alpha-it")?.openingHours.weekly.fri);
    expect(kb.entriesById.get("alpha-it.contact.phone")?.contacts).toEqual(["alpha-it.kundeservice"]);
    expect(kb.entriesById.get("alpha-it.faults.report")?.contacts).toEqual([]);
  });

  it("rejects an entry whose phone number no contact point has, naming entry, number and file", () => {
    const dir = copyWith((d) =>
      editJson(path.join(d, "alpha-it/entries/contact.json"), (entries) => {
        entries[0].answer.nb = "Du kan ringe Alpha IT på 71 11 22 34.";
        entries[0].answer.en = "You can call Alpha IT on 71 11 22 34.";
      }),
    );
    const message = problemsOf(dir);
    expect(message).toContain(
      "(entry alpha-it.contact.phone answer.nb): gives phone 71 11 22 34, which no contact point in alpha-it/contacts.json has",
    );
  });

  it("rejects an entry that gives another contact point's fact than the one it declares", () => {
    const dir = copyWith((d) => {
      editJson(path.join(d, "alpha-it/contacts.json"), (contacts) => {
        contacts.push({
          id: "alpha-it.sales",
          kind: "team",
          name: { nb: "Salg", en: "Sales" },
          phones: [{ number: "71 99 99 99" }],
          source: { file: "alpha.txt", section: "Salg" },
        });
      });
      editJson(path.join(d, "alpha-it/entries/contact.json"), (entries) => {
        entries[0].contacts = ["alpha-it.sales"];
      });
    });
    expect(problemsOf(dir)).toContain(
      "gives phone 71 11 22 33, which belongs to alpha-it.kundeservice, not to the contact points the entry declares (alpha-it.sales)",
    );
  });

  it("rejects answers whose two languages give different contact facts", () => {
    const dir = copyWith((d) =>
      editJson(path.join(d, "alpha-it/entries/contact.json"), (entries) => {
        entries[1].answer.en = "Send an e-mail.";
      }),
    );
    expect(problemsOf(dir)).toContain(
      "(entry alpha-it.contact.email answer.en): lacks e-mail support@alpha.example, which answer.nb gives",
    );
  });

  it("rejects opening hours in an entry that no contact point or the organisation has", () => {
    const dir = copyWith((d) =>
      editJson(path.join(d, "alpha-it/entries/hours.json"), (entries) => {
        entries[0].answer.nb = "Kundeservice er bemannet 08:00-16:00 på hverdager.";
      }),
    );
    expect(problemsOf(dir)).toContain(
      "(entry alpha-it.hours.opening answer.nb): says 08:00-16:00, which are not the hours of alpha-it or of any of its contact points",
    );
  });

  it("rejects a contact point whose hours statement disagrees with its intervals", () => {
    const dir = copyWith((d) =>
      editJson(path.join(d, "alpha-it/contacts.json"), (contacts) => {
        contacts[0].hours.text.en = "Customer service is staffed 09:00-15:30 on weekdays.";
      }),
    );
    expect(problemsOf(dir)).toContain(
      "(contact alpha-it.kundeservice hours.text.en): says 09:00-15:30, which is not an interval of its weekly hours",
    );
  });

  it("rejects a contact point text that gives a number the record does not own, an unknown partOf and two primaries", () => {
    const dir = copyWith((d) =>
      editJson(path.join(d, "alpha-it/contacts.json"), (contacts) => {
        contacts[0].handles = { nb: "Alt. Ring 99 88 77 66.", en: "Everything. Call 99 88 77 66." };
        contacts.push({
          id: "alpha-it.team",
          kind: "team",
          primary: true,
          partOf: "alpha-it.nobody",
          name: { nb: "Team", en: "Team" },
          source: { file: "alpha.txt", section: "Team" },
        });
      }),
    );
    const message = problemsOf(dir);
    expect(message).toContain("a text gives phone 99 88 77 66, which is not one of this contact point's own");
    expect(message).toContain('"alpha-it.nobody" is not another contact point here');
    expect(message).toContain("only one contact point can be primary (alpha-it.kundeservice already is)");
  });

  it("validates the records themselves", () => {
    const dir = copyWith((d) =>
      editJson(path.join(d, "beta-bank/contacts.json"), (contacts) => {
        contacts[0].phones[0].number = "22 33 44";
        contacts[0].id = "alpha-it.kundesenter";
      }),
    );
    const message = problemsOf(dir);
    expect(message).toMatch(/contact beta-bank\.kundesenter|contact alpha-it\.kundesenter/);
    expect(message).toContain("must be a Norwegian phone number");
  });

  it("gives every record's facts in the normalised form the answer checks use", () => {
    const kb = loadKnowledgeBase(path.resolve("knowledge"));
    const drift = kb.contactsById.get("oslo-kommune.dnb-drift-konto");
    expect(drift && [...factsOfContact(drift)].sort()).toEqual([
      "email:kontotj.ok@dnb.no",
      "postcode:0021 oslo",
      "postcode:1600 sentrum",
    ]);
    // The real base loads: every contact fact in its entries belongs to one of its records.
    const uke = kb.entriesById.get("oslo-kommune.uke.email");
    expect(uke?.contacts).toEqual(["oslo-kommune.uke"]);
  });
});

describe("extractTimeRanges", () => {
  it("reads the ways the sources write opening hours, and not years or counts", () => {
    expect(extractTimeRanges("hverdager 08:00-18:00")).toEqual([[480, 1080]]);
    expect(extractTimeRanges("kl. 08.00 - 16.00 alle ordinære virkedager")).toEqual([[480, 960]]);
    expect(extractTimeRanges("mellom kl. 0800 og 1530")).toEqual([[480, 930]]);
    expect(extractTimeRanges("between 0800 and 1530")).toEqual([[480, 930]]);
    expect(extractTimeRanges("mellom 2011 og 2017, 13.000 og 17.000 henvendelser, 1-2 rådgivere")).toEqual([]);
  });
});
