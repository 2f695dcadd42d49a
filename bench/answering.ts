/**
 * Answering benchmark: index build time and per-question latency (p50/p99) of the answer engine,
 * for the real knowledge base and for a synthetic one of 10,000 entries.
 *
 *   npm run bench -- answering [--entries N] [--rounds R] [--seed S]
 *
 * Runs on one core (the engine is synchronous); prints a Markdown table for bench/RESULTS.md.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { createAnswerEngine } from "../src/core/answering/engine.js";
import type { AnswerEngine } from "../src/core/answering/types.js";
import { parseQuestions } from "../src/core/evaluation/questions.js";
import { loadKnowledgeBase } from "../src/core/knowledge/loader.js";
import type { Entry, KnowledgeBase, Organisation } from "../src/core/knowledge/types.js";
import { seededRandom } from "./seeded-random.js";

interface Options {
  entries: number;
  rounds: number;
  seed: number;
}

function parseOptions(args: readonly string[]): Options {
  const options: Options = { entries: 10_000, rounds: 3, seed: 42 };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const value = Number(args[i + 1]);
    if (flag === "--entries" || flag === "--rounds" || flag === "--seed") {
      if (!Number.isInteger(value) || value <= 0) throw new Error(`${flag} needs a positive integer`);
      options[flag.slice(2) as keyof Options] = value;
      i++;
    } else {
      throw new Error(`unknown option ${flag} (known: --entries, --rounds, --seed)`);
    }
  }
  return options;
}

const random = seededRandom;

const SYLLABLES = [
  "ka",
  "ren",
  "sto",
  "vik",
  "lan",
  "mor",
  "tes",
  "dal",
  "bru",
  "sen",
  "fjo",
  "rik",
  "ål",
  "øy",
  "tr",
  "næ",
];

/**
 * A synthetic base shaped like the real one: organisations with aliases, entries whose phrasings
 * mix real customer-service words (so postings lists get long, as in production) with
 * entry-specific invented words, and answers with phone numbers and e-mail addresses.
 */
function syntheticBase(real: KnowledgeBase, size: number, seed: number): KnowledgeBase {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const realWords = [
    ...new Set(
      real.entries.flatMap((e) =>
        [...e.questions.nb, ...e.questions.en]
          .join(" ")
          .toLowerCase()
          .split(/[^\p{L}]+/u),
      ),
    ),
  ].filter((w) => w.length > 2);
  const invent = () => Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => pick(SYLLABLES)).join("");
  const template = [...real.organisations.values()][0] as Organisation;
  const orgCount = Math.max(4, Math.round(size / 200));
  const organisations = new Map<string, Organisation>();
  for (let o = 0; o < orgCount; o++) {
    const slug = `org-${o}`;
    organisations.set(slug, {
      ...template,
      slug,
      name: { nb: `Org ${o}`, en: `Org ${o}` },
      aliases: [`${invent()} ${o}`],
    });
  }
  const entries: Entry[] = [];
  const entriesById = new Map<string, Entry>();
  for (let i = 0; i < size; i++) {
    const organisation = `org-${i % orgCount}`;
    const topic = [invent(), invent(), pick(realWords)];
    const phrase = () => {
      const words = Array.from({ length: 3 + Math.floor(rnd() * 5) }, () =>
        rnd() < 0.5 ? pick(topic) : pick(realWords),
      );
      return words.join(" ");
    };
    const entry: Entry = {
      id: `${organisation}.synthetic.e${i}`,
      organisation,
      questions: { nb: Array.from({ length: 6 }, phrase), en: Array.from({ length: 3 }, phrase) },
      answer: {
        nb: `${Array.from({ length: 25 }, () => pick(rnd() < 0.3 ? topic : realWords)).join(" ")} ${10_000_000 + i} ${topic[0]}@example.no`,
        en: `${Array.from({ length: 25 }, () => pick(rnd() < 0.3 ? topic : realWords)).join(" ")} ${10_000_000 + i}`,
      },
      source: { file: "synthetic.txt", section: "synthetic" },
      tags: [topic[0] as string, pick(realWords)],
      contacts: [],
      file: "synthetic.json",
    };
    entries.push(entry);
    entriesById.set(entry.id, entry);
  }
  return {
    dir: "(synthetic)",
    organisations,
    entries,
    entriesById,
    contacts: [],
    contactsById: new Map(),
    cannedResponses: new Map(),
  };
}

/** Questions for a base: its phrasings with a typo and a dropped word, plus out-of-scope and handoff messages. */
function questionsFor(kb: KnowledgeBase, count: number, seed: number): { text: string; org?: string }[] {
  const rnd = random(seed);
  const out: { text: string; org?: string }[] = [];
  const extra = ["hva er 2+2", "menneske!!", "agent please", "hvordan blir været i morgen", "når har dere åpent?"];
  while (out.length < count) {
    if (rnd() < 0.1) {
      out.push({ text: extra[Math.floor(rnd() * extra.length)] as string });
      continue;
    }
    const entry = kb.entries[Math.floor(rnd() * kb.entries.length)] as Entry;
    const phrasings = [...entry.questions.nb, ...entry.questions.en];
    const words = (phrasings[Math.floor(rnd() * phrasings.length)] as string).split(" ");
    if (words.length > 3) words.splice(Math.floor(rnd() * words.length), 1);
    const w = Math.floor(rnd() * words.length);
    const word = words[w] as string;
    if (word.length > 4) words[w] = word.slice(0, 2) + (word[3] ?? "") + (word[2] ?? "") + word.slice(4);
    out.push({ text: words.join(" "), ...(rnd() < 0.5 ? { org: entry.organisation } : {}) });
  }
  return out;
}

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

function measure(engine: AnswerEngine, questions: readonly { text: string; org?: string }[], rounds: number) {
  for (const q of questions) engine.ask(q); // warm-up pass (JIT, caches)
  const micros: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of questions) {
      const t0 = process.hrtime.bigint();
      engine.ask(q);
      micros.push(Number(process.hrtime.bigint() - t0) / 1000);
    }
  }
  micros.sort((a, b) => a - b);
  return { count: micros.length, p50: percentile(micros, 0.5), p99: percentile(micros, 0.99), max: micros.at(-1) ?? 0 };
}

function time<T>(f: () => T): { value: T; ms: number } {
  const t0 = process.hrtime.bigint();
  const value = f();
  return { value, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
}

export async function main(args: string[]): Promise<void> {
  const options = parseOptions(args);
  const dir = path.resolve(process.env["SKRANKE_KNOWLEDGE_DIR"] ?? "knowledge");
  const load = time(() => loadKnowledgeBase(dir));
  const real = load.value;
  const realBuild = time(() => createAnswerEngine(real));
  const labelled = parseQuestions(readFileSync("test/eval/questions.jsonl", "utf8")).map((q) => ({
    text: q.q,
    ...(q.org ? { org: q.org } : {}),
  }));
  const realStats = measure(realBuild.value, [...labelled, ...questionsFor(real, 1000, options.seed)], options.rounds);

  const synthetic = syntheticBase(real, options.entries, options.seed);
  const synthBuild = time(() => createAnswerEngine(synthetic));
  const synthStats = measure(synthBuild.value, questionsFor(synthetic, 2000, options.seed + 1), options.rounds);
  const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;

  const row = (name: string, entries: number, buildMs: number, s: ReturnType<typeof measure>) =>
    `| ${name} | ${entries} | ${buildMs.toFixed(0)} ms | ${s.count} | ${s.p50.toFixed(0)} µs | ${s.p99.toFixed(0)} µs | ${(s.max / 1000).toFixed(1)} ms |`;
  const lines = [
    `Node ${process.version}, ${process.platform}/${process.arch}, one thread; knowledge loaded in ${load.ms.toFixed(0)} ms.`,
    "",
    "| knowledge base | entries | index build | questions timed | p50 | p99 | max |",
    "|---|---|---|---|---|---|---|",
    row("real (knowledge/)", real.entries.length, realBuild.ms, realStats),
    row("synthetic", synthetic.entries.length, synthBuild.ms, synthStats),
    "",
    `Heap after both: ${heapMb.toFixed(0)} MB.`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}
