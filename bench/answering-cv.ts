/**
 * Leave-phrasings-out cross-validation of the answer engine: the knowledge base's own question
 * phrasings are split into K folds; each fold's phrasings are removed from the base and asked of
 * an engine built without them (on their organisation's widget, or with --no-org without one).
 * An unseen phrasing is a cheap stand-in for a customer's own wording, so this measures how well
 * the engine generalises without touching the held-out evaluation sets.
 *
 *   npm run bench -- answering-cv [--folds K] [--no-org] [--misses]
 *
 * --misses also lists each phrasing that was not answered with its own entry (for finding weaknesses).
 */
import path from "node:path";
import { createAnswerEngine } from "../src/core/answering/engine.js";
import type { Decision } from "../src/core/answering/types.js";
import { loadKnowledgeBase } from "../src/core/knowledge/loader.js";
import type { Entry, KnowledgeBase } from "../src/core/knowledge/types.js";

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export async function main(args: string[]): Promise<void> {
  let folds = 8;
  let withOrg = true;
  let showMisses = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--folds") folds = Number(args[++i]);
    else if (args[i] === "--no-org") withOrg = false;
    else if (args[i] === "--misses") showMisses = true;
    else throw new Error(`unknown option ${args[i]} (known: --folds K, --no-org, --misses)`);
  }
  if (!Number.isInteger(folds) || folds < 2) throw new Error("--folds needs an integer >= 2");
  const kb = loadKnowledgeBase(path.resolve(process.env["SKRANKE_KNOWLEDGE_DIR"] ?? "knowledge"));
  const misses: string[] = [];
  const tally = { right: 0, wrongEntry: 0, fallback: 0, clarify: 0, handoff: 0, top1: 0, total: 0 };
  for (let fold = 0; fold < folds; fold++) {
    const held: { q: string; e: Entry }[] = [];
    const entries = kb.entries.map((e) => {
      const keep = (lang: "nb" | "en") =>
        e.questions[lang].filter((q) => {
          const out = hash(`${e.id}|${q}`) % folds === fold;
          if (out) held.push({ q, e });
          return !out;
        });
      return { ...e, questions: { nb: keep("nb"), en: keep("en") } };
    });
    const sub: KnowledgeBase = { ...kb, entries, entriesById: new Map(entries.map((e) => [e.id, e])) };
    const engine = createAnswerEngine(sub);
    for (const { q, e } of held) {
      const input = { text: q, ...(withOrg ? { org: e.organisation } : {}) };
      const d: Decision = engine.ask(input);
      tally.total++;
      const top = engine.explain(input).candidates[0]?.entryId;
      if (top === e.id) tally.top1++;
      if (d.action === "answer" && d.sources[0] === e.id) tally.right++;
      else {
        if (d.action === "answer") tally.wrongEntry++;
        else tally[d.action]++;
        const got = d.action === "answer" ? (d.sources[0] ?? "?") : `${d.action} (${d.reason})`;
        misses.push(
          `${e.id}\t"${q}"\t→ ${got}\t${d.confidence.toFixed(2)}${top === e.id ? "\t(best candidate right)" : ""}`,
        );
      }
    }
  }
  const pct = (n: number) => `${((100 * n) / Math.max(1, tally.total)).toFixed(1)}%`;
  const lines = [
    `Leave-phrasings-out cross-validation, ${folds} folds, ${tally.total} phrasings, ${withOrg ? "on their organisation's widget" : "without an organisation"}:`,
    "",
    "| answered with its entry | other entry | clarify | fallback | handoff | best candidate is its entry |",
    "|---|---|---|---|---|---|",
    `| ${pct(tally.right)} | ${pct(tally.wrongEntry)} | ${pct(tally.clarify)} | ${pct(tally.fallback)} | ${pct(tally.handoff)} | ${pct(tally.top1)} |`,
  ];
  if (showMisses) lines.push("", `Misses (${misses.length}):`, ...misses.sort());
  process.stdout.write(`${lines.join("\n")}\n`);
}
