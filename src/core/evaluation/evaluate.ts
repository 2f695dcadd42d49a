import type { AnswerEngine, Decision } from "../answering/types.js";
import { factsByOrganisation, foreignFacts } from "../knowledge/facts.js";
import type { LabelledQuestion } from "./questions.js";

export interface EvaluatedQuestion {
  readonly question: LabelledQuestion;
  readonly decision: Decision;
  readonly correct: boolean;
  /** Facts of other organisations found in the reply (must be empty). */
  readonly leaks: readonly string[];
  readonly micros: number;
}

export interface Tally {
  correct: number;
  total: number;
}

export interface EvaluationReport {
  readonly results: readonly EvaluatedQuestion[];
  readonly overall: Tally;
  /** By expected action. */
  readonly byAction: ReadonlyMap<string, Tally>;
  /** By the organisation of the question: the widget's, else the expected answer's, else "(none)". */
  readonly byOrganisation: ReadonlyMap<string, Tally>;
  /** Expected action → decided action → count. */
  readonly confusion: ReadonlyMap<string, ReadonlyMap<string, number>>;
  readonly leaks: readonly EvaluatedQuestion[];
  /** Answer decisions grouped by confidence (0.1 wide): how often they were right. */
  readonly reliability: readonly { readonly from: number; readonly to: number; readonly tally: Tally }[];
  readonly misses: readonly EvaluatedQuestion[];
}

function isCorrect(q: LabelledQuestion, d: Decision): boolean {
  if (d.action !== q.expect.action) return false;
  if (d.action !== "answer") return true;
  const source = d.sources[0];
  if (!source || !q.expect.sources?.includes(source)) return false;
  return q.expect.org === undefined || d.org === q.expect.org;
}

function bump(map: Map<string, Tally>, key: string, ok: boolean): void {
  const t = map.get(key) ?? { correct: 0, total: 0 };
  t.total += 1;
  if (ok) t.correct += 1;
  map.set(key, t);
}

/** Runs every labelled question through the engine (each as a fresh conversation) and scores it. */
export function evaluate(engine: AnswerEngine, questions: readonly LabelledQuestion[]): EvaluationReport {
  const facts = factsByOrganisation(engine.knowledge);
  const results: EvaluatedQuestion[] = [];
  const byAction = new Map<string, Tally>();
  const byOrganisation = new Map<string, Tally>();
  const confusion = new Map<string, Map<string, number>>();
  const buckets = Array.from({ length: 10 }, (_, i) => ({
    from: i / 10,
    to: (i + 1) / 10,
    tally: { correct: 0, total: 0 },
  }));
  const overall: Tally = { correct: 0, total: 0 };
  for (const question of questions) {
    const started = process.hrtime.bigint();
    const decision = engine.ask({ text: question.q, ...(question.org ? { org: question.org } : {}) });
    const micros = Number(process.hrtime.bigint() - started) / 1000;
    const correct = isCorrect(question, decision);
    // Whose facts may the reply carry? The widget's organisation, else the one the question is about.
    const owner = question.org ?? question.expect.org ?? decision.org;
    const leaks = owner ? foreignFacts(decision.text, owner, facts) : [];
    const result = { question, decision, correct, leaks, micros };
    results.push(result);
    overall.total += 1;
    if (correct) overall.correct += 1;
    bump(byAction, question.expect.action, correct);
    bump(byOrganisation, question.org ?? question.expect.org ?? "(none)", correct);
    const row = confusion.get(question.expect.action) ?? new Map<string, number>();
    row.set(decision.action, (row.get(decision.action) ?? 0) + 1);
    confusion.set(question.expect.action, row);
    if (decision.action === "answer") {
      const bucket = buckets[Math.min(9, Math.floor(decision.confidence * 10))];
      if (bucket) {
        bucket.tally.total += 1;
        if (correct) bucket.tally.correct += 1;
      }
    }
  }
  return {
    results,
    overall,
    byAction,
    byOrganisation,
    confusion,
    leaks: results.filter((r) => r.leaks.length > 0),
    reliability: buckets.filter((b) => b.tally.total > 0),
    misses: results.filter((r) => !r.correct),
  };
}

export function percent(t: Tally): string {
  return t.total === 0 ? "-" : `${((100 * t.correct) / t.total).toFixed(1)}%`;
}

/** A plain-text report: accuracy per action and organisation, confusion, reliability, every miss and leak. */
export function formatReport(report: EvaluationReport): string {
  const lines: string[] = [];
  const t = (tally: Tally) => `${percent(tally).padStart(6)}  (${tally.correct}/${tally.total})`;
  lines.push(`Overall accuracy: ${t(report.overall)}`, "", "By expected action:");
  for (const [k, v] of [...report.byAction].sort()) lines.push(`  ${k.padEnd(14)} ${t(v)}`);
  lines.push("", "By organisation:");
  for (const [k, v] of [...report.byOrganisation].sort()) lines.push(`  ${k.padEnd(14)} ${t(v)}`);
  const actions = ["answer", "clarify", "handoff", "fallback"];
  lines.push("", `Confusion (expected → decided): ${actions.map((a) => a.padStart(9)).join("")}`);
  for (const a of actions) {
    const row = report.confusion.get(a);
    if (!row) continue;
    lines.push(`  ${a.padEnd(30)}${actions.map((b) => String(row.get(b) ?? 0).padStart(9)).join("")}`);
  }
  lines.push("", "Reliability of answer confidence (bucket: share right):");
  for (const b of report.reliability) lines.push(`  ${b.from.toFixed(1)}-${b.to.toFixed(1)}  ${t(b.tally)}`);
  const micros = report.results.map((r) => r.micros).sort((a, b) => a - b);
  const at = (q: number) => micros[Math.min(micros.length - 1, Math.floor(q * micros.length))] ?? 0;
  lines.push("", `Latency per question: p50 ${at(0.5).toFixed(0)} µs, p99 ${at(0.99).toFixed(0)} µs`);
  lines.push("", `Cross-organisation leaks: ${report.leaks.length}`);
  for (const r of report.leaks) lines.push(`  line ${r.question.line}: "${r.question.q}" → ${r.leaks.join(", ")}`);
  lines.push("", `Misses: ${report.misses.length}`);
  for (const r of report.misses) {
    const q = r.question;
    const expected = q.expect.action === "answer" ? `answer ${q.expect.sources?.join("|")}` : q.expect.action;
    const got = r.decision.action === "answer" ? `answer ${r.decision.sources[0]}` : r.decision.action;
    lines.push(
      `  line ${q.line}: "${q.q}"${q.org ? ` [org ${q.org}]` : ""}\n      expected ${expected}; got ${got} (${r.decision.reason}, confidence ${r.decision.confidence.toFixed(2)})`,
    );
  }
  return lines.join("\n");
}
