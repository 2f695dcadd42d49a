import { describe, expect, it } from "vitest";
import { GENERATE_RULE, shouldGenerate } from "../../../src/core/answering/generated/decision-rule.js";
import type { Decision } from "../../../src/core/answering/types.js";

const base: Decision = {
  action: "answer",
  text: "…",
  choices: [],
  sources: ["x.a"],
  confidence: 0.5,
  lang: "nb",
  org: "x",
  reason: "matched",
};
const relevant = [{ coverage: 0.6 }, { coverage: 0.2 }];

describe("shouldGenerate", () => {
  it("sends close calls of a known organisation with a relevant entry", () => {
    expect(shouldGenerate(base, relevant, "x")).toBe(true);
    expect(shouldGenerate({ ...base, action: "fallback", reason: "low-confidence" }, relevant, "x")).toBe(true);
    expect(shouldGenerate({ ...base, action: "clarify", reason: "ambiguous-entry" }, relevant, "x")).toBe(true);
  });

  it("keeps confident answers, composed replies and other decisions lexical", () => {
    expect(shouldGenerate({ ...base, confidence: GENERATE_RULE.closeCall }, relevant, "x")).toBe(false);
    for (const reason of ["contact-details", "opening-hours", "picked-choice", "reranked"] as const) {
      expect(shouldGenerate({ ...base, reason }, relevant, "x")).toBe(false);
    }
    for (const reason of ["off-topic", "product-not-covered", "other-organisation", "no-content"] as const) {
      expect(shouldGenerate({ ...base, action: "fallback", reason }, relevant, "x")).toBe(false);
    }
    expect(shouldGenerate({ ...base, action: "handoff", reason: "asked-for-person" }, relevant, "x")).toBe(false);
    expect(shouldGenerate({ ...base, action: "clarify", reason: "ambiguous-organisation" }, relevant, "x")).toBe(false);
  });

  it("needs the customer's organisation and an entry that covers enough of the question", () => {
    expect(shouldGenerate(base, relevant, undefined)).toBe(false);
    expect(shouldGenerate(base, [{ coverage: 0.29 }], "x")).toBe(false);
    expect(shouldGenerate(base, [], "x")).toBe(false);
    expect(shouldGenerate(base, [{ coverage: GENERATE_RULE.relevantCoverage }], "x")).toBe(true);
  });
});
