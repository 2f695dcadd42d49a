import { describe, expect, it } from "vitest";
import { answerReply } from "../../dialogs/replies.js";
import { takeMarker } from "../../src/bot/outbound-marker.js";
import type { Decision } from "../../src/core/answering/types.js";

const generated: Decision = {
  action: "answer",
  text: "Ring Beta Bank på 22 33 44 55.",
  choices: [],
  sources: ["beta-bank.contact.phone"],
  confidence: 0.6,
  lang: "nb",
  org: "beta-bank",
  reason: "generated",
  generated: {
    sources: [
      { id: "beta-bank.contact.phone", kind: "entry", title: "Hva er telefonnummeret til banken?" },
      { id: "beta-bank.kundesenter", kind: "contact", title: "Beta Bank kundesenter" },
    ],
  },
};

describe("the reply of a generated answer", () => {
  it("carries the label and the sources in the text on Bot Framework channels", () => {
    const activity = answerReply(generated, "nb", { labelInText: true });
    expect(activity.text).toBe(
      "Svar fra språkmodell – kan inneholde feil:\n\nRing Beta Bank på 22 33 44 55.\n\n" +
        "Kilder: Hva er telefonnummeret til banken?; Beta Bank kundesenter",
    );
    const en = answerReply({ ...generated, lang: "en" }, "en", { labelInText: true });
    expect(en.text).toMatch(/^Answer from a language model – may contain errors:\n\n/);
  });

  it("leaves the text alone for the widget, which shows label and sources from the metadata", () => {
    const activity = answerReply(generated, "nb", { labelInText: false });
    expect(activity.text).toBe(generated.text);
    expect(takeMarker(activity)?.meta).toMatchObject({
      reason: "generated",
      generated: {
        sources: [
          { id: "beta-bank.contact.phone", title: "Hva er telefonnummeret til banken?" },
          { id: "beta-bank.kundesenter", title: "Beta Bank kundesenter" },
        ],
      },
    });
  });

  it("never labels an answer from the knowledge base", () => {
    const { generated: _, ...lexical } = generated;
    const activity = answerReply({ ...lexical, reason: "matched" }, "nb", { labelInText: true });
    expect(activity.text).toBe(generated.text);
    expect(takeMarker(activity)?.meta).not.toHaveProperty("generated");
  });
});
