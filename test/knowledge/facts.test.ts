import path from "node:path";
import { describe, expect, it } from "vitest";
import { extractFacts, factsByOrganisation, foreignFacts } from "../../src/core/knowledge/facts.js";
import { loadKnowledgeBase } from "../../src/core/knowledge/index.js";

describe("extractFacts", () => {
  it("normalises phone numbers, e-mail addresses, URLs and postal codes", () => {
    const facts = extractFacts(
      "Ring 22 48 32 00 eller +47 66 77 99 00, e-post Kundeservice.ok@dnb.no, se https://www.dnb.no/kundeservice. Postboks 1600 Sentrum, 0021 Oslo.",
    );
    expect([...facts].sort()).toEqual(
      [
        "domain:dnb.no",
        "email:kundeservice.ok@dnb.no",
        "phone:22483200",
        "phone:66779900",
        "postcode:0021 oslo",
        "postcode:1600 sentrum",
        "url:www.dnb.no/kundeservice",
      ].sort(),
    );
  });

  it("does not take times, years or short numbers for phone numbers", () => {
    expect([...extractFacts("Åpent 08:00-15:30 siden 2010, svar innen 30 sekunder, 1-2 rådgivere.")]).toEqual([]);
  });
});

describe("foreignFacts", () => {
  const kb = loadKnowledgeBase(path.resolve("test/fixtures/knowledge-basic"));
  const byOrg = factsByOrganisation(kb);

  it("flags another organisation's phone number", () => {
    expect(foreignFacts("Ring oss på 22 33 44 55.", "alpha-it", byOrg)).toEqual(["phone:22334455 (beta-bank)"]);
  });

  it("accepts the organisation's own facts and facts nobody owns", () => {
    expect(foreignFacts("Ring 71 11 22 33 eller 99 99 99 99.", "alpha-it", byOrg)).toEqual([]);
  });
});
