import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createAnswerEngine } from "../../src/core/answering/index.js";
import { evaluate, formatReport } from "../../src/core/evaluation/evaluate.js";
import { parseQuestions } from "../../src/core/evaluation/questions.js";
import { loadKnowledgeBase } from "../../src/core/knowledge/index.js";

const questions = parseQuestions(readFileSync(path.resolve("test/eval/questions.jsonl"), "utf8"));

describe("labelled evaluation set", () => {
  it("has at least 300 questions covering every action and organisation", () => {
    expect(questions.length).toBeGreaterThanOrEqual(300);
    const actions = new Set(questions.map((q) => q.expect.action));
    expect([...actions].sort()).toEqual(["answer", "clarify", "fallback", "handoff"]);
    const orgs = new Set(questions.map((q) => q.org ?? q.expect.org).filter(Boolean));
    expect([...orgs].sort()).toEqual(["dnb", "move", "oslo-kommune", "ror-ikt"]);
  });

  it("names only entry ids that exist", () => {
    const kb = loadKnowledgeBase(path.resolve("knowledge"));
    const unknown = questions.flatMap((q) => (q.expect.sources ?? []).filter((id) => !kb.entriesById.has(id)));
    expect(unknown).toEqual([]);
  });

  it("is answered with at least 95% accuracy and no cross-organisation leaks", () => {
    const engine = createAnswerEngine(loadKnowledgeBase(path.resolve("knowledge")));
    const report = evaluate(engine, questions);
    const accuracy = report.overall.correct / report.overall.total;
    if (accuracy < 0.95 || report.leaks.length > 0) console.log(formatReport(report));
    expect(report.leaks).toEqual([]);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });
});
