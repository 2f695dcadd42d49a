import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkGeneratedFacts,
  extractCheckableFacts,
  type SourceRecord,
} from "../../../src/core/answering/generated/fact-check.js";

const kundeservice: SourceRecord = {
  id: "ror-ikt.kundeservice",
  organisation: "ror-ikt",
  texts: [
    "71 11 11 66",
    "kundeservice@ror-ikt.no",
    "Kundeservice er bemannet mellom kl. 0800 og 1530 alle arbeidsdager.",
    "Postboks 123, 7374 Røros",
    "https://www.ror-ikt.no/kontakt",
  ],
};
const entry: SourceRecord = {
  id: "ror-ikt.contact.overview",
  organisation: "ror-ikt",
  texts: ["Fristen er 15.03.2026. Du får svar innen 3 virkedager. Besøk oss i Kjerkgata 12."],
};
const foreign: SourceRecord = { id: "dnb.chat", organisation: "dnb", texts: ["Ring 915 04800"] };
const given = [kundeservice, entry, foreign];

function check(text: string, citations: string[] = [kundeservice.id, entry.id]) {
  return checkGeneratedFacts({ text, citations, given, organisation: "ror-ikt" });
}

describe("checkGeneratedFacts", () => {
  it("accepts facts written differently from the records (spacing, +47, kl. 08.00, dates)", () => {
    const text =
      "Ring +47 71111166 eller skriv til Kundeservice@ror-ikt.no. Åpent kl. 08.00–15:30. " +
      "Frist 2026-03-15, svar innen 3 dager. Adresse: Postboks 123, 7374 Røros. Se ror-ikt.no/kontakt/. Kjerkgata 12.";
    expect(check(text)).toEqual({ accepted: true });
  });

  it("rejects a phone number, e-mail, URL, time, date, postcode, street and number the records lack", () => {
    const result = check(
      "Ring 22 33 44 55, skriv til hjelp@ror-ikt.no, se https://evil.example.com, kl. 09:00, 16.03.2026, 0150 Oslo, Storgata 1, 7 dager.",
    );
    expect(result.accepted).toBe(false);
    if (result.accepted) return;
    expect(result.problems).toEqual([
      "unsupported fact: hjelp@ror-ikt.no",
      "unsupported fact: https://evil.example.com",
      "unsupported fact: 22 33 44 55",
      "unsupported fact: 16.03.2026",
      "unsupported fact: kl. 09:00",
      "unsupported fact: 0150 Oslo",
      "unsupported fact: Storgata 1",
      "unsupported fact: 7",
    ]);
  });

  it("only counts facts of the cited records", () => {
    expect(check("Ring 71 11 11 66.", [entry.id]).accepted).toBe(false);
    expect(check("Ring 71 11 11 66.", [kundeservice.id]).accepted).toBe(true);
  });

  it("rejects citations that were not given, of another organisation, or none", () => {
    expect(check("Hei.", ["ror-ikt.invented"])).toEqual({
      accepted: false,
      problems: ["citation of a record that was not given: ror-ikt.invented"],
    });
    expect(check("Ring 915 04800", [foreign.id])).toEqual({
      accepted: false,
      problems: ["citation of another organisation's record: dnb.chat (dnb)", "unsupported fact: 915 04800"],
    });
    expect(check("Hei.", [])).toEqual({ accepted: false, problems: ["no citations"] });
  });

  it("does not read list markers as numbers", () => {
    expect(check("1. Ring 71 11 11 66\n2. Eller send e-post")).toEqual({ accepted: true });
  });

  it("normalises the forms named in the rules", () => {
    const keys = (t: string) => extractCheckableFacts(t).flatMap((f) => f.keys);
    expect(keys("71 11 11 66")).toEqual(["phone:71111166"]);
    expect(keys("+47 71 11 11 66")).toEqual(["phone:71111166"]);
    expect(keys("kl. 08.00")).toEqual(["time:08:00"]);
    expect(keys("08:00")).toEqual(["time:08:00"]);
  });
});

const recordPhones = new Set(["71111166"]);
const phoneArb = fc
  .tuple(fc.integer({ min: 2, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 7, maxLength: 7 }))
  .map(([first, rest]) => `${first}${rest.join("")}`)
  .filter((p) => !recordPhones.has(p));
const formatArb = fc.constantFrom(
  (p: string) => p,
  (p: string) => p.replace(/(\d{2})(?=\d)/g, "$1 "),
  (p: string) => `+47 ${p}`,
  (p: string) => `${p.slice(0, 3)} ${p.slice(3, 5)} ${p.slice(5)}`,
);
const fillerArb = fc.constantFrom("Ring oss på", "Kontakt", "Telefon:", "Du kan også ringe", "Nummeret er");

describe("checkGeneratedFacts properties", () => {
  it("rejects any inserted phone number the records lack, however it is written", () => {
    fc.assert(
      fc.property(phoneArb, formatArb, fillerArb, (phone, format, filler) => {
        const result = check(`Skriv til kundeservice@ror-ikt.no. ${filler} ${format(phone)}.`);
        return !result.accepted && result.problems.some((p) => p.startsWith("unsupported fact"));
      }),
    );
  });

  const recordFacts = [
    "71 11 11 66",
    "71111166",
    "+47 71 11 11 66",
    "kundeservice@ror-ikt.no",
    "kl. 08:00",
    "15.30",
    "0800",
    "15.03.2026",
    "2026-03-15",
    "Postboks 123",
    "7374 Røros",
    "ror-ikt.no/kontakt",
    "3",
    "Kjerkgata 12",
  ];
  it("accepts any text built only from the records' facts and plain words", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom("Ring", "Skriv til", "Åpent", "Adresse:", "og", "innen", "se"),
            fc.constantFrom(...recordFacts),
          ),
          { minLength: 1, maxLength: 8 },
        ),
        (parts) => check(parts.map(([w, f]) => `${w} ${f}`).join(". ")).accepted,
      ),
    );
  });
});
