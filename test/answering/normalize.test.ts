import { describe, expect, it } from "vitest";
import { contentWords } from "../../src/core/answering/analyzer.js";
import { foldText } from "../../src/core/answering/normalize.js";
import { conceptsOf } from "../../src/core/answering/synonyms.js";

describe("foldText", () => {
  it("makes æøå, their ASCII stand-ins and missing diacritics meet", () => {
    for (const variant of ["Åpningstider", "aapningstider", "apningstider", "ÅPNINGSTIDER"]) {
      expect(foldText(variant)).toBe("apningstider");
    }
    expect(foldText("søknad")).toBe(foldText("soeknad"));
    expect(foldText("søknad")).toBe(foldText("soknad"));
    expect(foldText("være")).toBe(foldText("vaere"));
    expect(foldText("Sølvi")).toBe(foldText("Solvi"));
    expect(foldText("café")).toBe("cafe");
  });

  it("joins one-letter hyphen prefixes like e-post", () => {
    expect(foldText("Hva er e-postadressen?")).toBe("hva er epostadressen?");
    expect(foldText("send an e-mail")).toBe("send an email");
    expect(foldText("ror-ikt")).toBe("ror-ikt");
  });
});

describe("contentWords and synonyms", () => {
  it("drops stop words and chat filler but keeps question words that carry intent", () => {
    expect(contentWords("Hei! Når har dere åpent, takk?")).toEqual(["nar", "apent"]);
  });

  it("maps the customer's words for the same thing to one concept", () => {
    for (const word of ["telefon", "telefonnummeret", "tlf", "ringe", "nummer", "phone", "call"]) {
      expect(conceptsOf(foldText(word))).toContain("#phone");
    }
    for (const word of ["epost", "e-post", "mail", "email", "mailadresse"]) {
      expect(conceptsOf(foldText(word).replace("-", ""))).toContain("#email");
    }
    for (const word of ["åpent", "åpningstid", "åpningstidene", "bemannet", "hours"]) {
      expect(conceptsOf(foldText(word))).toContain("#hours");
    }
  });

  it("joins multi-word names", () => {
    expect(contentWords("are you on social media")).toEqual(["socialmedia"]);
    expect(contentWords("er dere åpne 24/7")).toContain("dognapen");
  });
});
