import { describe, expect, it } from "vitest";
import { formatPhone, phoneHref, phonesInText } from "../../src/core/contact/phone-display.js";

describe("phone numbers for reading", () => {
  it("groups Norwegian numbers: mobile and special-rate 3-2-3, others in pairs, +47 kept", () => {
    expect(formatPhone("+4791234567")).toBe("+47 912 34 567");
    expect(formatPhone("004741234567")).toBe("+47 412 34 567");
    expect(formatPhone("91234567")).toBe("912 34 567");
    expect(formatPhone("80012345")).toBe("800 12 345");
    expect(formatPhone("+4722123456")).toBe("+47 22 12 34 56");
    expect(formatPhone("71 11 11 66")).toBe("71 11 11 66");
    expect(formatPhone(" +47 66 77 99 00 ")).toBe("+47 66 77 99 00");
  });

  it("leaves what is not a Norwegian number as it came", () => {
    expect(formatPhone("+46701234567")).toBe("+46701234567");
    expect(formatPhone("1234567")).toBe("1234567");
    expect(formatPhone("kundeservice")).toBe("kundeservice");
  });

  it("links every number with digits only and the country code", () => {
    expect(phoneHref("+47 912 34 567")).toBe("tel:+4791234567");
    expect(phoneHref("71 11 11 66")).toBe("tel:+4771111166");
    expect(phoneHref("0046 70 123 45 67")).toBe("tel:+46701234567");
    expect(phoneHref("12 34")).toBeUndefined();
  });

  it("finds numbers in running text, not pieces of longer numbers", () => {
    const found = phonesInText("Ring +4791234567 eller 71 11 11 66. Konto 1234 56 78903, org.nr. 974 760 673.");
    expect(found.map((p) => [p.written, p.shown, p.href])).toEqual([
      ["+4791234567", "+47 912 34 567", "tel:+4791234567"],
      ["71 11 11 66", "71 11 11 66", "tel:+4771111166"],
    ]);
    const text = "Ring +4791234567 nå";
    const [p] = phonesInText(text);
    expect(text.slice(p?.index, (p?.index ?? 0) + (p?.written.length ?? 0))).toBe("+4791234567");
    expect(phonesInText("Vi har åpent kl. 0800 til 1530, 24.12.2026.")).toEqual([]);
  });
});
