import { describe, expect, it } from "vitest";
import { textsFor } from "../../dialogs/texts.js";
import { formatWait } from "../../src/core/handoff/wait-wording.js";

describe("the estimated wait in words", () => {
  it("says under a minute, then whole minutes, in bokmål and English", () => {
    expect([0, 45, 60, 89, 90, 180, 195].map((s) => formatWait("nb", s))).toEqual([
      "under 1 minutt",
      "under 1 minutt",
      "ca. 1 minutt",
      "ca. 1 minutt",
      "ca. 2 minutter",
      "ca. 3 minutter",
      "ca. 3 minutter",
    ]);
    expect([30, 60, 600].map((s) => formatWait("en", s))).toEqual([
      "under 1 minute",
      "about 1 minute",
      "about 10 minutes",
    ]);
    expect(formatWait("nb", Number.NaN)).toBe("under 1 minutt");
  });

  it("is the wording of the bot's queue message", () => {
    expect(textsFor("nb").queued(2, 180)).toContain(`Forventet ventetid: ${formatWait("nb", 180)}.`);
    expect(textsFor("en").queued(2, 180)).toContain(`Expected wait: ${formatWait("en", 180)}.`);
  });
});
