import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorText } from "../../agent-console/src/error-texts.js";
import { setLang } from "../../agent-console/src/i18n.js";
import { ERROR_CODES } from "../../src/core/errors/error-codes.js";

/** The console's words for the shared error table: every code, both languages, never the server's English. */
describe("the agent console's error texts", () => {
  beforeAll(() => {
    // setLang marks <html lang>; a stand-in document is enough here.
    (globalThis as { document?: unknown }).document = { documentElement: {} };
  });
  afterAll(() => {
    setLang("nb");
    delete (globalThis as { document?: unknown }).document;
  });

  it("has a Norwegian and an English text for every code of the shared table", () => {
    for (const lang of ["nb", "en"] as const) {
      setLang(lang);
      const texts = new Set<string>();
      for (const [code, entry] of Object.entries(ERROR_CODES)) {
        const text = errorText(code);
        expect(text, `${lang} ${code}`).toMatch(/^[A-ZÆØÅ].*\.$/);
        expect(text, `${lang} ${code}`).not.toBe(entry.message);
        texts.add(text);
      }
      // One text per code: none falls back to the generic one.
      expect(texts.size).toBe(Object.keys(ERROR_CODES).length);
    }
  });

  it("says what a conflict means for the action: a colleague claimed the chat first", () => {
    setLang("nb");
    expect(errorText("conflict", "claim")).toBe("En kollega tok samtalen først, eller kunden venter ikke lenger.");
    expect(errorText("conflict", "claim")).not.toContain("another agent");
    expect(errorText("capacity", "transfer")).toBe("Kollegaen har ikke plass til flere samtaler nå.");
    expect(errorText("conflict")).toBe("Det går ikke nå: samtalen har endret seg i mellomtiden.");
    setLang("en");
    expect(errorText("conflict", "claim")).toBe(
      "A colleague took the chat first, or the customer is no longer waiting.",
    );
  });

  it("gives an unknown code the generic text, and the console's own timeout its text", () => {
    setLang("nb");
    expect(errorText("something_new")).toBe(errorText("internal"));
    expect(errorText("timeout", "claim")).toBe("Serveren svarte ikke. Sjekk forbindelsen og prøv igjen.");
  });
});
