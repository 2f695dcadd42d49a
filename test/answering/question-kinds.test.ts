import path from "node:path";
import { describe, expect, it } from "vitest";
import { createAnswerEngine } from "../../src/core/answering/index.js";
import { conceptsOf } from "../../src/core/answering/synonyms.js";
import { FixedClock } from "../../src/core/clock.js";
import { loadKnowledgeBase } from "../../src/core/knowledge/index.js";

const kb = loadKnowledgeBase(path.resolve("knowledge"));
/** Monday 23 November 2026, 10:00 in Oslo. */
const engine = createAnswerEngine(kb, { clock: new FixedClock(new Date("2026-11-23T09:00:00Z")) });

describe("kinds of questions the held-out dev sets showed", () => {
  it("keeps whether the chatbot uses AI apart from whether the language model is trained", () => {
    expect(conceptsOf("sprakmodellen")).not.toContain("#ai");
    expect(conceptsOf("generativ")).toContain("#ai");
    for (const text of ["bruker dere generativ AI i chatten?", "bruker dnb kunstig intelligens i chatten?"]) {
      expect(engine.ask({ text, org: "dnb" }).sources[0]).toBe("dnb.chatbot.generative-ai");
    }
    expect(engine.ask({ text: "trener dere språkmodellen på det jeg skriver?", org: "dnb" }).sources[0]).toBe(
      "dnb.chatbot.training-review",
    );
  });
});
