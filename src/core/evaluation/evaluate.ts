import type { AnswerEngine, Decision } from "../answering/types.js";
import { extractFacts, factsByOrganisation, factsOfContact, foreignFacts } from "../knowledge/facts.js";
import type { KnowledgeBase } from "../knowledge/types.js";
import { type FactMatching, statesFact } from "./fact-match.js";
import type { LabelledQuestion } from "./questions.js";

export interface EvaluatedQuestion {
  readonly question: LabelledQuestion;
  readonly decision: Decision;
  /** Right action, and for answers the right source and/or every expected fact (normalised matching). */
  readonly correct: boolean;
  /** The same with facts matched strictly (only spacing, case and phone-number spacing ignored). */
  readonly correctStrict: boolean;
  /** Facts of other organisations found in the reply (must be empty). */
  readonly leaks: readonly string[];
  /**
   * Phone numbers, e-mail addresses and URLs in the reply that belong to another contact point of
   * the organisation than the one(s) asked about (must be empty; see {@link foreignContactFacts}).
   */
  readonly foreign: readonly string[];
  readonly micros: number;
}

export interface Tally {
  correct: number;
  total: number;
}

export interface EvaluationReport {
  readonly results: readonly EvaluatedQuestion[];
  readonly overall: Tally;
  /** Overall with facts matched strictly (equal to `overall` for sets without facts). */
  readonly overallStrict: Tally;
  /** By expected action. */
  readonly byAction: ReadonlyMap<string, Tally>;
  /** By the organisation of the question: the widget's, else the expected answer's, else "(none)". */
  readonly byOrganisation: ReadonlyMap<string, Tally>;
  /** Expected action → decided action → count. */
  readonly confusion: ReadonlyMap<string, ReadonlyMap<string, number>>;
  readonly leaks: readonly EvaluatedQuestion[];
  /** Replies with another contact point's facts than the one asked about. */
  readonly foreign: readonly EvaluatedQuestion[];
  /** Answer decisions grouped by confidence (0.1 wide): how often they were right. */
  readonly reliability: readonly { readonly from: number; readonly to: number; readonly tally: Tally }[];
  readonly misses: readonly EvaluatedQuestion[];
}

/** Source documents of what an answer was taken from: its entries' and contact points' source files. */
function sourceFilesOf(kb: KnowledgeBase, d: Decision): Set<string> {
  const files = new Set<string>();
  for (const id of [...d.sources, ...(d.contacts ?? [])]) {
    const file = kb.entriesById.get(id)?.source.file ?? kb.contactsById.get(id)?.source.file;
    if (file) files.add(file);
  }
  return files;
}

function isCorrect(kb: KnowledgeBase, q: LabelledQuestion, d: Decision, matching: FactMatching): boolean {
  if (d.action !== q.expect.action) return false;
  if (d.action !== "answer") return true;
  const sources = q.expect.sources;
  if (sources?.length) {
    const files = sourceFilesOf(kb, d);
    const first = d.sources[0];
    const ok = (first !== undefined && sources.includes(first)) || sources.some((s) => files.has(s));
    if (!ok) return false;
  }
  if (q.expect.facts && !q.expect.facts.every((f) => statesFact(d.text, f, matching))) return false;
  return q.expect.org === undefined || d.org === q.expect.org;
}

/** Which contact points of each organisation own each contact fact. */
function contactOwners(kb: KnowledgeBase): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  for (const c of kb.contacts) {
    const byFact = out.get(c.organisation) ?? new Map<string, string[]>();
    for (const f of factsOfContact(c)) byFact.set(f, [...(byFact.get(f) ?? []), c.id]);
    out.set(c.organisation, byFact);
  }
  return out;
}

const REACH_KINDS = ["phone:", "email:", "url:"];

/**
 * Phone numbers, e-mails and URLs in a reply that belong only to contact points other than the
 * ones the question is about. The contact points asked about are those owning an expected fact,
 * and those the expected entries are about, with their members (a unit's mailboxes, a team's
 * people); without either nothing is flagged. Facts the question
 * itself gives ("is 66 77 99 00 the duty phone?", "fasit@hel ...") are not foreign.
 */
export function foreignContactFacts(
  kb: KnowledgeBase,
  owners: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>,
  q: LabelledQuestion,
  d: Decision,
): string[] {
  const org = q.org ?? q.expect.org ?? d.org;
  const byFact = org ? owners.get(org) : undefined;
  if (!byFact) return [];
  const asked = new Set<string>();
  for (const fact of q.expect.facts ?? []) {
    for (const f of extractFacts(fact)) for (const id of byFact.get(f) ?? []) asked.add(id);
  }
  for (const id of q.expect.sources ?? []) for (const c of kb.entriesById.get(id)?.contacts ?? []) asked.add(c);
  if (asked.size === 0) return [];
  // A unit or team asked about stands for its members too (HEL's mailboxes, FIN's contact person).
  for (const c of kb.contacts) if (c.partOf && asked.has(c.partOf)) asked.add(c.id);
  const inQuestion = extractFacts(q.q);
  const partialEmails = (q.q.toLowerCase().match(/[\p{L}0-9._%+-]+@[\p{L}0-9.-]*/gu) ?? []).map((p) => `email:${p}`);
  const out: string[] = [];
  for (const f of extractFacts(d.text)) {
    if (!REACH_KINDS.some((k) => f.startsWith(k)) || inQuestion.has(f)) continue;
    if (partialEmails.some((p) => f.startsWith(p))) continue;
    const ownedBy = byFact.get(f) ?? [];
    if (ownedBy.length > 0 && !ownedBy.some((id) => asked.has(id))) out.push(`${f} (${ownedBy.join(", ")})`);
  }
  return out;
}

function bump(map: Map<string, Tally>, key: string, ok: boolean): void {
  const t = map.get(key) ?? { correct: 0, total: 0 };
  t.total += 1;
  if (ok) t.correct += 1;
  map.set(key, t);
}

/** Runs every labelled question through the engine (each as a fresh conversation) and scores it. */
export function evaluate(engine: AnswerEngine, questions: readonly LabelledQuestion[]): EvaluationReport {
  const kb = engine.knowledge;
  const facts = factsByOrganisation(kb);
  const owners = contactOwners(kb);
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
  const overallStrict: Tally = { correct: 0, total: 0 };
  for (const question of questions) {
    const started = process.hrtime.bigint();
    const decision = engine.ask({ text: question.q, ...(question.org ? { org: question.org } : {}) });
    const micros = Number(process.hrtime.bigint() - started) / 1000;
    const correct = isCorrect(kb, question, decision, "normalised");
    const correctStrict = isCorrect(kb, question, decision, "strict");
    // Whose facts may the reply carry? The widget's organisation, else the one the question is about.
    const owner = question.org ?? question.expect.org ?? decision.org;
    const leaks = owner ? foreignFacts(decision.text, owner, facts) : [];
    const foreign = foreignContactFacts(kb, owners, question, decision);
    const result = { question, decision, correct, correctStrict, leaks, foreign, micros };
    results.push(result);
    overall.total += 1;
    if (correct) overall.correct += 1;
    overallStrict.total += 1;
    if (correctStrict) overallStrict.correct += 1;
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
    overallStrict,
    byAction,
    byOrganisation,
    confusion,
    leaks: results.filter((r) => r.leaks.length > 0),
    foreign: results.filter((r) => r.foreign.length > 0),
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
  lines.push(`Overall accuracy: ${t(report.overall)}`);
  if (report.results.some((r) => r.question.expect.facts?.length)) {
    lines.push(`  with facts matched strictly (no time/unit normalisation): ${t(report.overallStrict)}`);
  }
  lines.push("", "By expected action:");
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
  lines.push("", `Another contact point's facts: ${report.foreign.length}`);
  for (const r of report.foreign) lines.push(`  line ${r.question.line}: "${r.question.q}" → ${r.foreign.join(", ")}`);
  lines.push("", `Misses: ${report.misses.length}`);
  for (const r of report.misses) {
    const q = r.question;
    const wanted = [
      q.expect.sources?.length ? q.expect.sources.join("|") : "",
      q.expect.facts?.length ? `facts ${JSON.stringify(q.expect.facts)}` : "",
    ].filter(Boolean);
    const expected = q.expect.action === "answer" ? `answer ${wanted.join(" ")}` : q.expect.action;
    const got = r.decision.action === "answer" ? `answer ${r.decision.sources[0] ?? "(composed)"}` : r.decision.action;
    lines.push(
      `  line ${q.line}: "${q.q}"${q.org ? ` [org ${q.org}]` : ""}\n      expected ${expected}; got ${got} (${r.decision.reason}, confidence ${r.decision.confidence.toFixed(2)})`,
    );
    if (q.expect.facts?.length && r.decision.action === "answer") {
      lines.push(`      reply: ${JSON.stringify(r.decision.text.slice(0, 300))}`);
    }
  }
  return lines.join("\n");
}
