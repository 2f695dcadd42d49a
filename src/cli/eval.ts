import { readFileSync } from "node:fs";
import path from "node:path";
import { createAnswerEngine } from "../core/answering/engine.js";
import { evaluate, formatReport, percent } from "../core/evaluation/evaluate.js";
import { parseQuestions } from "../core/evaluation/questions.js";
import { KnowledgeLoadError } from "../core/knowledge/errors.js";
import { loadKnowledgeBase } from "../core/knowledge/loader.js";
import { parseArgs, UsageError } from "./args.js";
import { knowledgeDir } from "./knowledge-dir.js";

const USAGE = `Usage: npm run --silent eval -- [--file PATH] [--json] [--min-accuracy PCT]

  --file PATH          labelled questions (JSONL; default test/eval/questions.jsonl)
  --json               print the summary as JSON
  --min-accuracy PCT   exit 1 when overall accuracy is below PCT, or any reply gives another organisation's
                       facts or another contact point's than the one asked about
Knowledge is read from $SKRANKE_KNOWLEDGE_DIR, or ./knowledge.`;

function main(argv: readonly string[]): number {
  const args = parseArgs(argv, [
    { name: "file", takesValue: true },
    { name: "json", takesValue: false },
    { name: "min-accuracy", takesValue: true },
    { name: "help", takesValue: false },
  ]);
  if (args.flags.has("help")) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.positional.length > 0) throw new UsageError(`unexpected argument ${args.positional[0]}`);
  const minRaw = args.flags.get("min-accuracy");
  const min = typeof minRaw === "string" ? Number(minRaw) : undefined;
  if (min !== undefined && !(min >= 0 && min <= 100)) throw new UsageError("--min-accuracy must be a number 0-100");
  const fileFlag = args.flags.get("file");
  const file = path.resolve(typeof fileFlag === "string" ? fileFlag : "test/eval/questions.jsonl");

  const kb = loadKnowledgeBase(knowledgeDir());
  const engine = createAnswerEngine(kb);
  const questions = parseQuestions(readFileSync(file, "utf8"));
  const report = evaluate(engine, questions);

  if (args.flags.has("json")) {
    const summary = {
      questions: report.overall.total,
      accuracy: report.overall.correct / Math.max(1, report.overall.total),
      accuracyStrictFacts: report.overallStrict.correct / Math.max(1, report.overallStrict.total),
      byAction: Object.fromEntries([...report.byAction].map(([k, v]) => [k, { ...v, accuracy: percent(v) }])),
      byOrganisation: Object.fromEntries(
        [...report.byOrganisation].map(([k, v]) => [k, { ...v, accuracy: percent(v) }]),
      ),
      leaks: report.leaks.map((r) => ({ line: r.question.line, q: r.question.q, facts: r.leaks })),
      foreignContactFacts: report.foreign.map((r) => ({ line: r.question.line, q: r.question.q, facts: r.foreign })),
      misses: report.misses.map((r) => ({
        line: r.question.line,
        q: r.question.q,
        org: r.question.org,
        expected: r.question.expect,
        got: {
          action: r.decision.action,
          sources: r.decision.sources,
          reason: r.decision.reason,
          text: r.decision.text,
        },
      })),
    };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } else {
    process.stdout.write(`Evaluation of ${path.relative(process.cwd(), file)} (${questions.length} questions)\n\n`);
    process.stdout.write(`${formatReport(report)}\n`);
  }
  if (min !== undefined) {
    const accuracy = (100 * report.overall.correct) / Math.max(1, report.overall.total);
    if (accuracy < min || report.leaks.length > 0 || report.foreign.length > 0) return 1;
  }
  return 0;
}

// `npm run eval -- --file x | head -3`: a closed pipe ends the output quietly.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code !== "EPIPE") throw err;
});

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  if (err instanceof UsageError) {
    process.stderr.write(`eval: ${err.message}\n${USAGE}\n`);
    process.exitCode = 2;
  } else if (err instanceof KnowledgeLoadError || err instanceof Error) {
    process.stderr.write(`eval: ${err.message}\n`);
    process.exitCode = 1;
  } else {
    throw err;
  }
}
