import { describe, expect, it } from "vitest";
import { findContactDetails, normaliseEmail, normalisePhone } from "../../src/core/contact/contact-details.js";

describe("contact details", () => {
  it("normalises Norwegian and international phone numbers and rejects others", () => {
    expect(normalisePhone("912 34 567")).toBe("+4791234567");
    expect(normalisePhone("+47 22 33 44 55")).toBe("+4722334455");
    expect(normalisePhone("0047 91234567")).toBe("+4791234567");
    expect(normalisePhone("+46 70 123 45 67")).toBe("+46701234567");
    expect(normalisePhone("01234567")).toBeUndefined();
    expect(normalisePhone("1234")).toBeUndefined();
    expect(normalisePhone("ring meg")).toBeUndefined();
  });

  it("validates e-mail addresses", () => {
    expect(normaliseEmail(" Kari.Nordmann@Example.NO ")).toBe("Kari.Nordmann@example.no");
    expect(normaliseEmail("kari@")).toBeUndefined();
    expect(normaliseEmail("kari@example")).toBeUndefined();
    expect(normaliseEmail("ka ri@example.no")).toBeUndefined();
  });

  it("finds an e-mail address or phone number in a sentence", () => {
    expect(findContactDetails("Ring meg på 912 34 567, takk")).toEqual({ phone: "+4791234567" });
    expect(findContactDetails("Send svar til kari@example.no.")).toEqual({ email: "kari@example.no" });
    expect(findContactDetails("kari@example.no eller 22334455")).toEqual({
      email: "kari@example.no",
      phone: "+4722334455",
    });
    expect(findContactDetails("ingen kontaktinfo her")).toBeUndefined();
  });
});
